import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { AlertingCentral, printer, WebhookReceiver } from './support';

const fault = (code: string) => printer({ state: 'fault', faults: [code] });
const HOUR = 3600_000;

/** Done when: a silence mutes webhooks but the alert is still listed. */
describe('silences', () => {
  let host: AlertingCentral;
  let receiver: WebhookReceiver;
  let manager: HttpClient;
  beforeAll(async () => {
    host = await new AlertingCentral().start();
    receiver = await new WebhookReceiver().start();
    await host.admin.post('/api/webhooks', { url: receiver.url, format: 'json', roles: ['maintenance'] });
  });
  afterAll(async () => {
    await receiver?.stop();
    await host?.stop();
  });
  const iso = (offsetMs: number) => new Date(host.clock.now() + offsetMs).toISOString();
  const notified = (deviceId: string) => receiver.received.filter((r) => r.body.deviceId === deviceId);

  it('mutes webhooks for the silenced device while its alert is still listed', async () => {
    const agent = await host.branchWithAgent('BR-SIL', [
      { id: 'TP-SIL', kind: 'ticket-printer' },
      { id: 'TP-LOUD', kind: 'ticket-printer' },
    ]);
    manager = await host.central.user('sil-manager', 'lobby-manager', ['BR-SIL']);
    const silence = await manager.post('/api/silences', { deviceId: 'TP-SIL', startsAt: iso(-60_000), endsAt: iso(2 * HOUR), reason: '更换切刀 cutter replacement' });
    expect(silence.status).toBe(201);
    expect(silence.body).toMatchObject({ branchId: 'BR-SIL', deviceId: 'TP-SIL', active: true, createdBy: 'sil-manager' });

    await agent.status('TP-SIL', fault('cutter-error'));
    await agent.status('TP-LOUD', fault('cutter-error'));
    await eventually(() => expect(notified('TP-LOUD').length).toBe(2)); // the unsilenced one gets through
    await host.tick(30 * 60_000); // escalation and repeats are muted too
    expect(notified('TP-SIL')).toEqual([]);
    const listed = await host.alerts('&device=TP-SIL');
    expect(listed.items.map((a) => [a.type, a.code, a.state])).toEqual([['fault', 'cutter-error', 'active']]);
    expect((await host.tasks('&device=TP-SIL')).total).toBe(1);
    expect((await manager.get('/api/silences?active=true')).body.items.map((s: { id: string }) => s.id)).toEqual([silence.body.id]);

    // Over: new notifications for the device get through again.
    expect((await manager.delete(`/api/silences/${silence.body.id}`)).status).toBe(204);
    await agent.status('TP-SIL', fault('mechanical-error'));
    await eventually(() => expect(notified('TP-SIL').map((r) => r.body.kind)).toEqual(expect.arrayContaining(['alert.raised', 'task.opened'])));
    await agent.end();
  });

  it('silences a whole branch for a window in the future only once it starts', async () => {
    const agent = await host.branchWithAgent('BR-SILB', [{ id: 'TP-SILB', kind: 'ticket-printer' }]);
    expect((await host.admin.post('/api/silences', { branchId: 'BR-SILB', startsAt: iso(HOUR), endsAt: iso(3 * HOUR) })).status).toBe(201);
    await agent.status('TP-SILB', fault('cutter-error'));
    await eventually(() => expect(notified('TP-SILB').length).toBe(2));
    await host.tick(HOUR + 60_000);
    await agent.status('TP-SILB', printer({ state: 'fault', faults: ['cutter-error', 'mechanical-error'] }));
    await host.tick(60_000);
    expect(notified('TP-SILB').filter((r) => String(r.body.text).includes('mechanical-error'))).toEqual([]);
    expect((await host.alerts('&device=TP-SILB&state=active')).items.map((a) => a.code).sort()).toEqual(['cutter-error', 'mechanical-error']);
    await agent.end();
  });

  it('validates silences and keeps them to the caller’s branches and roles', async () => {
    await host.central.branch('BR-SIL-OTHER');
    const head = await host.central.user('sil-head', 'branch-head', ['BR-SIL']);
    expect((await head.post('/api/silences', { branchId: 'BR-SIL', startsAt: iso(0), endsAt: iso(HOUR) })).status).toBe(403);
    expect((await manager.post('/api/silences', { branchId: 'BR-SIL-OTHER', startsAt: iso(0), endsAt: iso(HOUR) })).status).toBe(404);
    expect((await manager.post('/api/silences', { deviceId: 'TP-SILB', startsAt: iso(0), endsAt: iso(HOUR) })).status).toBe(404);
    expect((await manager.post('/api/silences', { branchId: 'BR-SIL', startsAt: iso(HOUR), endsAt: iso(0) })).status).toBe(400);
    expect((await manager.post('/api/silences', { startsAt: iso(0), endsAt: iso(HOUR) })).status).toBe(400);
    const other = await host.admin.post('/api/silences', { branchId: 'BR-SIL-OTHER', startsAt: iso(0), endsAt: iso(HOUR) });
    expect((await manager.delete(`/api/silences/${other.body.id}`)).status).toBe(404);
    expect((await manager.get('/api/silences')).body.items.every((s: { branchId: string }) => s.branchId === 'BR-SIL')).toBe(true);
  });
});
