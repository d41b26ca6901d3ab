import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { Agent, AlertingCentral, printer, WebhookReceiver } from './support';

const MIN = 60_000;

/** Escalation of unacknowledged alerts to the branch head, repeats, and acknowledging. */
describe('escalation, repeat and acknowledgement', () => {
  let host: AlertingCentral;
  let agent: Agent;
  let headHook: WebhookReceiver;
  let managerHook: WebhookReceiver;
  let manager: HttpClient;
  const B = 'BR-ESC';

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    agent = await host.branchWithAgent(B, [
      { id: 'TP-E1', kind: 'ticket-printer' },
      { id: 'TP-E2', kind: 'ticket-printer' },
    ]);
    await host.central.branch('BR-ESC-OTHER');
    manager = await host.central.user('e-manager', 'lobby-manager', [B]);
    headHook = await new WebhookReceiver().start();
    managerHook = await new WebhookReceiver().start();
    await host.admin.post('/api/webhooks', { url: headHook.url, format: 'json', roles: ['branch-head'], branches: [B] });
    await host.admin.post('/api/webhooks', { url: managerHook.url, format: 'json', roles: ['lobby-manager'], branches: [B] });
  });
  afterAll(async () => {
    await agent?.end();
    await headHook?.stop();
    await managerHook?.stop();
    await host?.stop();
  });

  const kinds = (hook: WebhookReceiver, deviceId: string) => hook.received.filter((r) => r.body.deviceId === deviceId && String(r.body.kind).startsWith('alert.')).map((r) => r.body.kind);

  it('escalates an unacknowledged critical alert to the branch head after 15 min and repeats it hourly', async () => {
    await agent.status('TP-E1', printer({ state: 'fault', consumables: { paper: { level: 'out' } } }));
    const [alert] = (await host.alerts('&device=TP-E1')).items;
    expect(alert).toMatchObject({ type: 'paper-out', severity: 'critical', state: 'active' });
    await eventually(() => expect(kinds(managerHook, 'TP-E1')).toEqual(expect.arrayContaining(['alert.raised'])));
    await host.tick(14 * MIN);
    expect(kinds(headHook, 'TP-E1')).toEqual([]);
    await host.tick(2 * MIN);
    await eventually(() => expect(kinds(headHook, 'TP-E1')).toEqual(['alert.escalated']));
    expect((await host.admin.get(`/api/alerts/${alert.id}`)).body.escalatedAt).toBeDefined();
    await host.tick(45 * MIN);
    await eventually(() => expect(kinds(managerHook, 'TP-E1').filter((k) => k === 'alert.repeat')).toHaveLength(1));
    await host.tick(60 * MIN);
    await eventually(() => expect(kinds(managerHook, 'TP-E1').filter((k) => k === 'alert.repeat')).toHaveLength(2));
    expect(kinds(headHook, 'TP-E1')).toEqual(['alert.escalated']);

    // Acknowledged: no more repeats.
    const acked = await manager.post(`/api/alerts/${alert.id}/ack`, { note: '已通知维修 maintenance called' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', ackedBy: 'e-manager', ackNote: '已通知维修 maintenance called' });
    expect((await manager.post(`/api/alerts/${alert.id}/ack`, {})).body).toMatchObject({ state: 'acknowledged', ackedBy: 'e-manager' });
    await host.tick(3 * 60 * MIN);
    expect(kinds(managerHook, 'TP-E1').filter((k) => k === 'alert.repeat')).toHaveLength(2);
  });

  it('does not escalate an alert acknowledged in time; a cleared alert cannot be acknowledged (409)', async () => {
    await agent.status('TP-E2', printer({ state: 'fault', faults: ['cutter-error'] }));
    const [alert] = (await host.alerts('&device=TP-E2')).items;
    await manager.post(`/api/alerts/${alert.id}/ack`, {});
    await host.tick(30 * MIN);
    expect(kinds(headHook, 'TP-E2')).toEqual([]);
    expect((await host.alerts('&device=TP-E2&state=acknowledged')).total).toBe(1);
    await agent.status('TP-E2', printer());
    await host.tick(16_000);
    const cleared = (await host.admin.get(`/api/alerts/${alert.id}`)).body;
    expect(cleared).toMatchObject({ state: 'cleared', ackedBy: 'e-manager' });
    expect(Date.parse(cleared.clearedAt)).toBeGreaterThan(Date.parse(cleared.raisedAt));
    const late = await manager.post(`/api/alerts/${alert.id}/ack`, {});
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
  });

  it('lists alerts by state, branch and device within the caller’s branches only', async () => {
    const other = await host.central.user('e-other', 'lobby-manager', ['BR-ESC-OTHER']);
    const [alert] = (await host.alerts('&device=TP-E1')).items;
    expect((await other.get(`/api/alerts/${alert.id}`)).status).toBe(404);
    expect((await other.post(`/api/alerts/${alert.id}/ack`, {})).status).toBe(404);
    expect((await other.get(`/api/alerts?branch=${B}`)).body).toEqual({ items: [], total: 0 });
    expect((await manager.get('/api/alerts?state=cleared&device=TP-E2')).body.items.map((a: { deviceId: string }) => a.deviceId)).toEqual(['TP-E2']);
    expect((await manager.get('/api/alerts?state=bogus')).status).toBe(400);
    const page = (await manager.get(`/api/alerts?branch=${B}&limit=1&offset=0`)).body;
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect((await manager.get('/api/devices/TP-E1')).body.openAlerts).toBe(1);
  });
});
