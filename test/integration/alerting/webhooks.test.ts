import { createHmac } from 'node:crypto';
import { eventually } from '../../support/eventually';
import { AlertingCentral, printer, WebhookReceiver } from './support';

const fault = (code: string) => printer({ state: 'fault', faults: [code] });

/**
 * Done when: a webhook receiver that fails the first attempt gets the notification again with the
 * same idempotency key, and each notification is accepted exactly once.
 */
describe('webhook notifications from the outbox', () => {
  let host: AlertingCentral;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    host = await new AlertingCentral({ rules: { webhooks: { robotMessagesPerMinute: 3, retryBaseSeconds: 10 } } }).start();
  });
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    for (const hook of (await host.admin.get('/api/webhooks')).body.items as { id: string }[]) await host.admin.delete(`/api/webhooks/${hook.id}`);
    await receiver.stop();
  });
  afterAll(async () => host?.stop());

  it('retries a failed attempt with the same idempotency key and has each notification accepted exactly once', async () => {
    const accepted = new Map<string, number>();
    const seen = new Set<string>();
    receiver.respond = (request) => {
      const key = String(request.headers['idempotency-key']);
      if (!seen.has(key)) {
        seen.add(key);
        return { status: 500, body: { error: 'try later' } };
      }
      accepted.set(key, (accepted.get(key) ?? 0) + 1);
      return { status: 200 };
    };
    // Maintenance's receiver: the fault alert and its repair task (not the branch head's escalations).
    expect((await host.admin.post('/api/webhooks', { url: receiver.url, format: 'json', branches: ['BR-HOOK'], roles: ['maintenance'] })).status).toBe(201);
    const agent = await host.branchWithAgent('BR-HOOK', [{ id: 'TP-HOOK', kind: 'ticket-printer' }]);
    await agent.status('TP-HOOK', fault('cutter-error'));
    await eventually(() => expect(receiver.received.filter((r) => r.body.deviceId === 'TP-HOOK').length).toBe(2)); // alert raised + task opened, both refused
    expect(accepted.size).toBe(0);
    await host.tick(10_000);
    await eventually(() => expect([...accepted.keys()].filter((k) => receiver.received.find((r) => r.headers['idempotency-key'] === k)?.body.deviceId === 'TP-HOOK')).toHaveLength(2));
    await host.tick(60_000);
    await host.tick(5 * 60_000); // past any further backoff: nothing is sent again
    const mine = receiver.received.filter((r) => r.body.deviceId === 'TP-HOOK');
    const keys = mine.map((r) => String(r.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(2);
    expect(keys.sort()).toEqual([...new Set(keys)].flatMap((k) => [k, k]).sort()); // each key twice: refused, then accepted
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    for (const request of mine) expect(request.body.idempotencyKey).toBe(request.headers['idempotency-key']);
    expect(mine.map((r) => r.body.kind).sort()).toEqual(['alert.raised', 'alert.raised', 'task.opened', 'task.opened']);
    const raised = mine.find((r) => r.body.kind === 'alert.raised')!;
    expect(raised.body).toMatchObject({ severity: 'major', branchId: 'BR-HOOK', timezone: 'Asia/Shanghai' });
    // The same instant, in UTC and in the branch's local time (UTC+8).
    const at = Date.parse(String(raised.body.at));
    expect(raised.body.localTime).toBe(new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
    await agent.end();
  });

  it('signs DingTalk robot messages, writes markdown in branch-local time, and holds robots to their per-minute limit', async () => {
    const secret = 'SEC-test-secret';
    const signatures: boolean[] = [];
    receiver.respond = (request) => {
      const url = new URL(request.url, 'http://x');
      const timestamp = url.searchParams.get('timestamp')!;
      const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
      signatures.push(url.searchParams.get('sign') === expected && url.searchParams.get('access_token') === 'tok');
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    };
    const created = await host.admin.post('/api/webhooks', { url: `${receiver.url}?access_token=tok`, format: 'dingtalk', secret, branches: ['BR-DING'], minSeverity: 'major' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ format: 'dingtalk', hasSecret: true, url: expect.stringContaining('access_token=***') });
    expect(JSON.stringify((await host.admin.get('/api/webhooks')).body)).not.toContain(secret);
    const agent = await host.branchWithAgent('BR-DING', [{ id: 'TP-DING', kind: 'ticket-printer' }]);
    // Three faults: three alerts and three tasks, six notifications for a robot that takes three a minute.
    await agent.status('TP-DING', printer({ state: 'fault', faults: ['cutter-error', 'mechanical-error', 'unrecoverable-error'] }));
    await eventually(() => expect(receiver.received).toHaveLength(3));
    await host.tick(20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(3);
    await host.tick(40_000);
    await eventually(() => expect(receiver.received).toHaveLength(6));
    expect(signatures).toEqual([true, true, true, true, true, true]);
    const message = receiver.received[0].body as { msgtype: string; markdown: { title: string; text: string } };
    expect(message.msgtype).toBe('markdown');
    const local = new Date(host.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(message.markdown.text).toMatch(new RegExp(`时间：${local} \\d\\d:\\d\\d:\\d\\d`));
    await agent.end();
  });

  it('sends WeCom markdown and treats a robot errcode as a failure to retry', async () => {
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } } : { status: 200, body: { errcode: 0 } });
    await host.admin.post('/api/webhooks', { url: receiver.url, format: 'wecom', branches: ['BR-WECOM'], roles: ['maintenance'] });
    const agent = await host.branchWithAgent('BR-WECOM', [{ id: 'TP-WECOM', kind: 'ticket-printer' }]);
    await agent.status('TP-WECOM', fault('cutter-error'));
    await eventually(() => expect(receiver.received.length).toBeGreaterThanOrEqual(2)); // alert and repair task: both for maintenance
    await host.tick(10_000);
    await eventually(() => expect(receiver.received).toHaveLength(3));
    const body = receiver.received[0].body as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('网点：Branch BR-WECOM');
    expect(receiver.received[2].headers['idempotency-key']).toBe(receiver.received[0].headers['idempotency-key']);
    await agent.end();
  });

  it('keeps undelivered notifications across a restart and delivers them once', async () => {
    let up = false;
    receiver.respond = () => (up ? { status: 200 } : { status: 503 });
    await host.admin.post('/api/webhooks', { url: receiver.url, format: 'json', branches: ['BR-RESTART'], roles: ['maintenance'] });
    const agent = await host.branchWithAgent('BR-RESTART', [{ id: 'TP-RESTART', kind: 'ticket-printer' }]);
    await agent.status('TP-RESTART', fault('cutter-error'));
    await eventually(() => expect(receiver.received).toHaveLength(2));
    await agent.end();
    await host.central.restart();
    up = true;
    await host.tick(10_000);
    await eventually(() => expect(receiver.received).toHaveLength(4));
    await host.tick(5 * 60_000);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.keys()).size).toBe(2);
  });

  it('keeps webhook administration to admins and validates receivers', async () => {
    const manager = await host.central.user('hook-manager', 'lobby-manager', ['BR-HOOK']);
    expect((await manager.post('/api/webhooks', { url: receiver.url, format: 'json' })).status).toBe(403);
    expect((await manager.get('/api/webhooks')).status).toBe(403);
    expect((await host.admin.post('/api/webhooks', { url: 'ftp://x', format: 'json' })).status).toBe(400);
    expect((await host.admin.post('/api/webhooks', { url: receiver.url, format: 'slack' })).status).toBe(400);
    const created = await host.admin.post('/api/webhooks', { url: receiver.url, format: 'json' });
    expect((await host.admin.delete(`/api/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await host.admin.delete(`/api/webhooks/${created.body.id}`)).status).toBe(404);
  });
});
