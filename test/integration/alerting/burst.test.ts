import { AlertsService, TasksService } from '@lobby/alerting';
import { eventually } from '../../support/eventually';
import { AlertingCentral, printer } from './support';

/** Done when: 1,000 identical fault statuses published at once give exactly one alert and one task. */
describe('alert and task uniqueness under a burst', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral().start();
  });
  afterAll(async () => host?.stop());

  it('gives one alert and one task for 1,000 identical fault statuses published at once', async () => {
    const agent = await host.branchWithAgent('BR-BURST', [{ id: 'TP-BURST', kind: 'ticket-printer' }]);
    const fault = printer({ state: 'fault', faults: ['cutter-error'] });
    const seqs = await Promise.all(Array.from({ length: 1000 }, () => agent.client.status('TP-BURST', fault)));
    expect(new Set(seqs).size).toBe(1000);
    await eventually(async () => expect(await host.metricsReceived()).toBeGreaterThanOrEqual(1000), 30_000);
    await host.tick(1000);
    const alerts = await host.alerts('&device=TP-BURST');
    expect(alerts.items.map((a) => [a.type, a.code, a.state])).toEqual([['fault', 'cutter-error', 'active']]);
    const tasks = await host.tasks('&device=TP-BURST');
    expect(tasks.items.map((t) => [t.kind, t.problem, t.status, t.alertIds])).toEqual([['repair', 'fault:cutter-error', 'open', [alerts.items[0].id]]]);
    expect((await host.admin.get('/api/devices/TP-BURST')).body.openAlerts).toBe(1);
    await agent.end();
  });

  it('lets the database decide when 1,000 callers raise the same alert and open the same task at once', async () => {
    await host.central.branch('BR-RACE');
    const alerts = host.get(AlertsService);
    const tasks = host.get(TasksService);
    const key = { branchId: 'BR-RACE', deviceId: 'ATM-RACE', type: 'fault', code: 'hardware-error' };
    const raised = await Promise.all(Array.from({ length: 1000 }, () => alerts.raise(key, { severity: 'major', message: { zh: '硬件故障', en: 'hardware error' } })));
    expect(new Set(raised.map((a) => a.id)).size).toBe(1);
    const opened = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        tasks.open({ kind: 'repair', branchId: 'BR-RACE', deviceId: 'ATM-RACE', problem: 'fault:hardware-error', severity: 'major', alertIds: [raised[i].id] }),
      ),
    );
    expect(new Set(opened.map((t) => t.id)).size).toBe(1);
    expect((await host.alerts('&device=ATM-RACE')).total).toBe(1);
    expect((await host.tasks('&device=ATM-RACE')).items).toEqual([expect.objectContaining({ alertIds: [raised[0].id], status: 'open' })]);
    // Cleared, the key is free again: the next raise is a new alert.
    await alerts.clear(key);
    const again = await alerts.raise(key, { severity: 'major', message: { zh: '硬件故障', en: 'hardware error' } });
    expect(again.id).not.toBe(raised[0].id);
    expect((await alerts.findOpen({ deviceId: 'ATM-RACE' })).map((a) => a.id)).toEqual([again.id]);
  });
});
