import * as path from 'node:path';
import { delay } from '../support/processes';
import { expectNothingLost } from './support/load-case';
import { finishAgentCase } from './support/agent-case';
import { ChaosSite, withCentralSite, startAgent, writeSimAgentConfig } from './support/chaos-site';
import { OutboxWatcher } from './support/outbox-watcher';

/**
 * Case 9 (docs/operations.md, "Fault-injection suite"): a branch PC whose clock runs hours ahead.
 * A real agent (10 simulated ticket printers, customers taking tickets) runs with its clock
 * CLOCK_OFFSET ahead, then someone fixes the clock and the agent is restarted on the same buffer.
 * Nothing may be lost, and the live state must follow the printers afterwards: statuses dated in
 * the future must not freeze it.
 */
const CLOCK_OFFSET_MS = 3 * 3600_000;
const SHIFT_CLOCK = path.join(__dirname, 'support', 'clock-offset.cjs');

describe('chaos: an agent clock off by hours', () => {
  let site: ChaosSite;
  withCentralSite((started) => (site = started));

  it('case 9: an agent clock 3 h ahead, then corrected, loses nothing and leaves the live state true', async () => {
    const started = Date.now();
    const branch = 'chaos-clock';
    const config = writeSimAgentConfig(site, 'agent-clock', branch, await site.createBranch(branch), site.embeddedMqttUrl, 10);
    const watcher = new OutboxWatcher(config.bufferPath);
    watcher.start();
    const skewed = await startAgent(site, 'agent-clock-ahead', config.file, 'connected', {
      NODE_OPTIONS: `--require ${SHIFT_CLOCK}`,
      CHAOS_CLOCK_OFFSET_MS: String(CLOCK_OFFSET_MS),
    });
    await delay(6000);
    await skewed.stopCleanly();
    const corrected = await startAgent(site, 'agent-clock-corrected', config.file);
    await delay(8000);
    const result = await finishAgentCase({
      order: 9,
      id: 'agent-clock-ahead',
      title: 'Agent clock 3 h ahead for 6 s, then corrected (agent restarted on the same buffer)',
      site,
      databaseUrl: site.sqliteUrl,
      branchId: branch,
      agent: corrected,
      watcher,
      started,
      notes: 'The live-state check compares each printer with the last status the corrected agent sent.',
    });
    expectNothingLost(result);
  }, 180_000);
});
