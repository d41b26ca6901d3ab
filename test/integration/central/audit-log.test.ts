import { eventually } from '../../support/eventually';
import { AlertingCentral, printer } from '../alerting/support';

/** Who changed what: every change through the API leaves a row admins can read, without secrets. */
describe('audit log', () => {
  let host: AlertingCentral;
  const BR = 'BR-AUDIT';
  const secrets = ['audit-user-password-1', 'audit-new-password-2', 'webhook-secret-xyz'];

  beforeAll(async () => {
    host = await new AlertingCentral().start();
  });
  afterAll(async () => host?.stop());

  const audit = async (query = '') => (await host.admin.get(`/api/audit?limit=1000${query}`)).body as { items: Record<string, unknown>[]; total: number };

  it('records changes by whom, to what, and never a secret', async () => {
    const agent = await host.branchWithAgent(BR, [{ id: 'TP-AUDIT', kind: 'ticket-printer' }]);
    expect((await host.admin.post('/api/users', { username: 'audit-lm', password: secrets[0], role: 'lobby-manager', branches: [BR] })).status).toBe(201);
    expect((await host.admin.patch('/api/users/audit-lm', { password: secrets[1] })).status).toBe(200);
    const manager = await host.central.http.login('audit-lm', secrets[1]);
    expect((await host.admin.post('/api/branches', { id: 'BR-AUDIT-2', name: 'Second' })).status).toBe(201);
    const credentials = await host.admin.post('/api/branches/BR-AUDIT-2/agent-credentials');
    expect((await host.admin.patch('/api/devices/TP-AUDIT', { name: 'Printer by the door' })).status).toBe(200);
    const command = await manager.post('/api/devices/TP-AUDIT/commands', { action: 'status.refresh' });
    expect(command.status).toBe(202);
    const now = Date.now();
    const silence = await manager.post('/api/silences', { branchId: BR, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), reason: 'cleaning' });
    expect((await manager.delete(`/api/silences/${silence.body.id}`)).status).toBe(204);
    const webhook = await host.admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', format: 'dingtalk', secret: secrets[2] });
    expect(webhook.status).toBe(201);

    await agent.status('TP-AUDIT', printer({ state: 'fault', faults: ['cutter-error'] }));
    await host.tick(120_000);
    const alert = await eventually(async () => {
      const [first] = (await host.alerts(`&branch=${BR}`)).items;
      expect(first).toBeDefined();
      return first;
    });
    expect((await manager.post(`/api/alerts/${alert.id}/ack`)).status).toBeLessThan(300);
    const task = await eventually(async () => {
      const [first] = (await host.tasks(`&branch=${BR}`)).items;
      expect(first).toBeDefined();
      return first;
    });
    expect((await manager.patch(`/api/tasks/${task.id}`, { note: 'on my way' })).status).toBe(200);
    await agent.end();

    const log = await audit();
    const fields = (i: Record<string, unknown>) => [i.actor, i.action, i.targetType, i.targetId].map(String);
    const actions = log.items.map((i) => { const [actor, action, type, id] = fields(i); return `${actor} ${action} ${type}:${id}`; });
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin user.create user:audit-lm',
        'admin user.update user:audit-lm',
        'admin branch.create branch:BR-AUDIT-2',
        'admin agent-credentials.issue branch:BR-AUDIT-2',
        'admin device.update device:TP-AUDIT',
        'audit-lm command.issue device:TP-AUDIT',
        `audit-lm silence.create silence:${silence.body.id}`,
        `audit-lm silence.delete silence:${silence.body.id}`,
        `admin webhook.create webhook:${webhook.body.id}`,
        `audit-lm alert.ack alert:${alert.id}`,
        `audit-lm task.update task:${task.id}`,
      ]),
    );
    expect(log.items.find((i) => i.action === 'command.issue')).toMatchObject({ branchId: null, details: { action: 'status.refresh', commandId: command.body.id } });
    expect(log.items.find((i) => i.action === 'task.update')).toMatchObject({ branchId: BR, details: { note: 'on my way' } });
    const text = JSON.stringify(log);
    for (const secret of [...secrets, credentials.body.password]) expect(text).not.toContain(secret);
    // Logins and reads are not changes.
    expect(log.items.some((i) => String(i.action).includes('login') || String(i.action).startsWith('GET'))).toBe(false);
  });

  it('filters by actor, action and time, pages as {items,total}, and is for admins only', async () => {
    const mine = await audit('&actor=audit-lm');
    expect(mine.items.length).toBeGreaterThanOrEqual(5);
    expect(mine.items.every((i) => i.actor === 'audit-lm')).toBe(true);
    const acks = await audit('&action=alert.ack');
    expect(acks.total).toBe(1);
    const page = await host.admin.get('/api/audit?actor=audit-lm&limit=2&offset=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBe(mine.total);
    const newest = Date.parse(String(mine.items[0].at)); // newest first, on the server's clock
    expect((await audit(`&from=${encodeURIComponent(new Date(newest + 1000).toISOString())}`)).total).toBe(0);
    expect((await audit(`&actor=audit-lm&to=${encodeURIComponent(new Date(newest).toISOString())}`)).total).toBe(mine.total);
    expect((await host.admin.get('/api/audit?from=yesterday')).status).toBe(400);
    const manager = await host.central.http.login('audit-lm', secrets[1]);
    expect((await manager.get('/api/audit')).status).toBe(403);
    expect((await host.central.http.get('/api/audit')).status).toBe(401);
  });
});
