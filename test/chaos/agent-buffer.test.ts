import { delay } from '../support/processes';
import { settle } from './support/aftermath-checks';
import { expectNothingLost } from './support/load-case';
import { finishAgentCase } from './support/agent-case';
import { ChaosSite, withCentralSite, startAgent, writeSimAgentConfig } from './support/chaos-site';
import { OutboxWatcher } from './support/outbox-watcher';
import { storedEvents } from './support/stored-rows';

/**
 * Cases 4 and 5 (docs/operations.md, "Fault-injection suite"), with real edge agent processes
 * (30 simulated ticket printers each, customers taking tickets every few seconds):
 * (4) the central server goes away, the agent is SIGKILLed mid-outage and started again on the
 * same buffer, the server comes back; (5) an outage longer than the agent's buffer holds: the
 * oldest entries are dropped and counted (`buffer.dropped`), never silently.
 */
const DEVICES = 30;

describe('chaos: real edge agents across outages', () => {
  let site: ChaosSite;
  withCentralSite((started) => (site = started));

  const central = () => site.group.running.find((p) => p.name.startsWith('central'))!;

  it('case 4: an agent killed mid-outage and restarted on the same buffer loses and doubles nothing', async () => {
    const started = Date.now();
    const branch = 'chaos-agent-crash';
    const config = writeSimAgentConfig(site, 'agent-crash', branch, await site.createBranch(branch), site.embeddedMqttUrl, DEVICES);
    const watcher = new OutboxWatcher(config.bufferPath);
    watcher.start();
    const first = await startAgent(site, 'agent-crash-1', config.file);
    await delay(4000);
    await central().stop('SIGTERM');
    await first.waitForMsg('disconnected from the centre', 10_000);
    await delay(4000);
    await first.kill();
    const second = await startAgent(site, 'agent-crash-2', config.file, 'started');
    await delay(4000);
    const from = second.logs.length;
    await site.startCentral({ name: 'central-after-outage' });
    await second.waitForMsg('backlog sent: live', 30_000, from);
    await delay(2000);
    const result = await finishAgentCase({
      order: 4,
      id: 'agent-killed-mid-outage',
      title: 'Agent SIGKILLed mid-outage (central server stopped), restarted on the same buffer',
      site,
      databaseUrl: site.sqliteUrl,
      branchId: branch,
      agent: second,
      watcher,
      started,
    });
    expectNothingLost(result);
  }, 180_000);

  it('case 5: an agent whose buffer overflows drops only what it counts as buffer.dropped', async () => {
    const started = Date.now();
    const branch = 'chaos-agent-full';
    // About 25 statuses fit; a 12 s outage at ~6 statuses/s overflows it.
    const config = writeSimAgentConfig(site, 'agent-full', branch, await site.createBranch(branch), site.embeddedMqttUrl, DEVICES, { bufferMaxBytes: 8192 });
    const watcher = new OutboxWatcher(config.bufferPath);
    watcher.start();
    const agent = await startAgent(site, 'agent-full', config.file);
    await delay(3000);
    await central().stop('SIGTERM');
    await delay(12_000);
    const from = agent.logs.length;
    await site.startCentral({ name: 'central-after-overflow' });
    await agent.waitForMsg('backlog sent: live', 30_000, from);
    await delay(2000);
    /** What the server learned from `buffer.dropped` events: their counts and the last lifetime total. */
    const announced = async () => {
      const events = (await storedEvents(site.sqliteUrl, branch)).filter((e) => e.type === 'buffer.dropped');
      return { sum: events.reduce((n, e) => n + Number(e.data.count ?? 0), 0), total: Math.max(0, ...events.map((e) => Number(e.data.total ?? 0))) };
    };
    const result = await finishAgentCase({
      order: 5,
      id: 'agent-buffer-full',
      title: 'Agent buffer at its size limit (8 KiB) through a 12 s outage',
      site,
      databaseUrl: site.sqliteUrl,
      branchId: branch,
      agent,
      watcher,
      started,
      checks: async () => {
        const dropped = watcher.cursor().dropped;
        return {
          overflowed: dropped > 0 ? 'ok' : 'the buffer never overflowed: the case tested nothing',
          droppedCounted: await settle(async () => {
            const { sum, total } = await announced();
            return sum === dropped && total === dropped ? 'ok' : `agent dropped ${dropped}; buffer.dropped events stored count ${sum}, last total ${total}`;
          }),
        };
      },
    });
    expectNothingLost(result);
  }, 180_000);
});
