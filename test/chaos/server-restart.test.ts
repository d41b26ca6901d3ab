import { ChaosSite, withCentralSite } from './support/chaos-site';
import { LoadAgent } from './support/load-agent';
import { expectNothingLost, runLoadCase } from './support/load-case';

/**
 * Cases 1 and 2 (docs/operations.md, "Fault-injection suite"): the central server process is
 * killed (SIGKILL) or stopped (SIGTERM) while an agent publishes 200 statuses/s, then started
 * again on the same ports and SQLite file. Its embedded broker goes down and comes back with it,
 * so these are also the embedded-broker restart. Every status the broker acknowledged must be in
 * the database once.
 */
describe('chaos: central server restart under load (embedded broker, SQLite)', () => {
  let site: ChaosSite;
  withCentralSite((started) => (site = started));

  it.each([
    { order: 1, signal: 'SIGKILL' as const, id: 'server-sigkill' },
    { order: 2, signal: 'SIGTERM' as const, id: 'server-sigterm' },
  ])('case $order: $signal to the central server under load loses and doubles nothing acknowledged', async ({ order, signal, id }) => {
    const branch = `chaos-${id}`;
    const agent = await LoadAgent.connect(site.embeddedMqttUrl, branch, await site.createBranch(branch));
    try {
      const result = await runLoadCase({
        order,
        id,
        title: `Central server ${signal} under load, restarted (embedded broker restarts with it)`,
        databaseUrl: site.sqliteUrl,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        fault: async () => {
          const central = site.group.running.find((p) => p.name.startsWith('central'))!;
          await central.stop(signal, 20_000);
          await site.startCentral({ name: `central-after-${signal}` });
        },
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);
});
