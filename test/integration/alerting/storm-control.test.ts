import { AlertingCentral, printer } from './support';

const MIN = 60_000;
const own = <T extends { type: string }>(items: T[]): T[] => items.filter((a) => !a.type.startsWith('checklist'));

/**
 * Done when: an agent killed without a clean disconnect gives one `agent-offline` alert and no
 * device alerts; its return clears it. A central-server restart with healthy agents raises nothing.
 */
describe('storm control', () => {
  describe('a dead agent', () => {
    let host: AlertingCentral;
    beforeAll(async () => {
      host = await new AlertingCentral().start();
    });
    afterAll(async () => host?.stop());

    it('gives one agent-offline alert and no device alerts; its return clears it', async () => {
      const agent = await host.branchWithAgent('BR-DEAD', [
        { id: 'TP-DEAD', kind: 'ticket-printer' },
        { id: 'RB-DEAD', kind: 'receipt-box' },
      ]);
      await agent.status('RB-DEAD', { kind: 'receipt-box', link: 'up', state: 'ok', faults: [], consumables: { paper: { level: 'ok' }, ribbon: { level: 'ok' } } });
      // The gateway is failing: it loses its printer, then dies itself.
      await agent.status('TP-DEAD', printer({ link: 'down' }));
      await agent.crash();
      await host.tick(31_000);
      await host.tick(10 * MIN);
      await host.tick(30 * MIN);
      const alerts = own((await host.alerts('&branch=BR-DEAD')).items);
      expect(alerts.map((a) => [a.type, a.deviceId, a.severity, a.state])).toEqual([['agent-offline', null, 'critical', 'active']]);
      const tasks = await host.tasks('&branch=BR-DEAD');
      expect(tasks.items.map((t) => [t.kind, t.problem, t.deviceId, t.status])).toEqual([['repair', 'agent-offline', null, 'open']]);

      await agent.connect();
      await agent.status('TP-DEAD', printer());
      await host.tick(5 * MIN);
      const after = own((await host.alerts('&branch=BR-DEAD')).items);
      expect(after.map((a) => [a.type, a.state])).toEqual([['agent-offline', 'cleared']]);
      const resolved = (await host.tasks('&branch=BR-DEAD')).items[0];
      expect(resolved.status).toBe('resolved');
      expect(resolved.history.at(-1)).toMatchObject({ by: 'system', from: 'open', to: 'resolved', note: expect.stringContaining('工单自动解决') });
      await agent.end();
    });

    it('rides out a reconnect shorter than the raise delay', async () => {
      const agent = await host.branchWithAgent('BR-BLIP', [{ id: 'TP-BLIP', kind: 'ticket-printer' }]);
      await agent.crash();
      await host.tick(10_000);
      await agent.connect();
      await host.tick(5 * MIN);
      expect(own((await host.alerts('&branch=BR-BLIP')).items)).toEqual([]);
      await agent.end();
    });
  });

  describe('a central-server restart', () => {
    let host: AlertingCentral;
    beforeAll(async () => {
      host = await new AlertingCentral().start();
    });
    afterAll(async () => host?.stop());

    it('raises nothing while healthy agents re-announce, and calls the one that does not come back offline after the grace', async () => {
      const healthy = await host.branchWithAgent('BR-UP', [{ id: 'TP-UP', kind: 'ticket-printer' }]);
      const lost = await host.branchWithAgent('BR-LOST', [{ id: 'TP-LOST', kind: 'ticket-printer' }]);
      await lost.status('TP-LOST', printer());
      // The printer drops off just before the restart; it is back by the time its agent re-announces.
      await healthy.status('TP-UP', printer({ link: 'down' }));
      await host.tick(100_000);

      await host.central.restart();
      await host.tick(0);
      // Agents take a while to notice and reconnect; one never does (it died with the broker).
      await host.tick(40_000);
      await healthy.connect();
      await healthy.status('TP-UP', printer());
      await host.tick(40_000);
      expect(own((await host.alerts()).items).filter((a) => a.branchId === 'BR-UP' || a.branchId === 'BR-LOST')).toEqual([]);
      await host.tick(20_000); // the 90 s grace is over
      await host.tick(31_000); // and agent-offline's raise delay
      await host.tick(10 * MIN);
      expect(own((await host.alerts('&branch=BR-UP')).items)).toEqual([]);
      expect(own((await host.alerts('&branch=BR-LOST')).items).map((a) => [a.type, a.state])).toEqual([['agent-offline', 'active']]);
      await healthy.end();
      await lost.end();
    });
  });
});
