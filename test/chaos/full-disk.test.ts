import * as path from 'node:path';
import { delay, ensureBuilt } from '../support/processes';
import { ChaosSite } from './support/chaos-site';
import { LoadAgent } from './support/load-agent';
import { expectNothingLost, runLoadCase } from './support/load-case';
import { SmallDisk } from './support/small-disk';

/**
 * Case 10 (docs/operations.md, "Fault-injection suite"): the central server's SQLite file on a
 * 32 MB disk that fills up under load (another file takes every free byte) for 6 s, then gets its
 * space back. Every acknowledged status must be written once there is room again.
 */
describe('chaos: a full disk under the SQLite database', () => {
  let site: ChaosSite;
  let disk: SmallDisk | undefined;

  beforeAll(async () => {
    await ensureBuilt();
    site = await ChaosSite.create();
    disk = SmallDisk.mount(path.join(site.dir, 'disk'), 32);
    if (disk) await site.startCentral({ databaseUrl: `sqlite:${path.join(disk.dir, 'central.sqlite')}` });
  }, 240_000);

  afterAll(async () => {
    await site?.group.killAll();
    disk?.unmount();
    await site?.close();
  });

  it('case 10: a full disk for 6 s under load loses and doubles nothing acknowledged', async () => {
    if (!disk) return;
    const branch = 'chaos-disk';
    const agent = await LoadAgent.connect(site.embeddedMqttUrl, branch, await site.createBranch(branch));
    const health: string[] = [];
    try {
      const result = await runLoadCase({
        order: 10,
        id: 'full-disk',
        title: 'Disk under the SQLite file full for 6 s under load, then space again',
        databaseUrl: `sqlite:${path.join(disk.dir, 'central.sqlite')}`,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        notes: () => `Health while full: ${[...new Set(health)].join(' | ')}.`,
        fault: async () => {
          const taken = disk!.fill();
          for (let i = 0; i < 6; i++) {
            await delay(1000);
            const response = await fetch(`http://127.0.0.1:${site.httpPort}/api/health`).catch(() => undefined);
            health.push(response ? `${response.status} ${await response.text()}` : 'no answer');
          }
          disk!.release();
          health.unshift(`filler took ${Math.round(taken / 1024)} KiB`);
        },
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);
});
