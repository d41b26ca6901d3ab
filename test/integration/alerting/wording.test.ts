import { eventually } from '../../support/eventually';
import type { HttpClient } from '../../support/http-client';
import { Agent, AlertingCentral, Alert, printer, StreamReader, WebhookReceiver } from './support';

const CODES = /cutter-error|ticket-printer|\bTP-W1\b|\bfault\b|\[|Device fault/;
const CJK = /[\u4e00-\u9fff]/;

/**
 * Issue 11, done when: a zh-CN user and an en user get the same alert in their language with no
 * code in it, over MQTT (the agent's status) and HTTP (the API and webhooks).
 */
describe('alert wording per reader', () => {
  let host: AlertingCentral;
  let receiver: WebhookReceiver;
  let agent: Agent;
  let zh: HttpClient;
  let en: HttpClient;

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    receiver = await new WebhookReceiver().start();
    agent = await host.branchWithAgent('BR-WORD', []);
    await agent.client.birth([{ id: 'TP-W1', kind: 'ticket-printer', name: '取号机 1', nameEn: 'Ticket printer 1', location: '大厅东侧' } as { id: string; kind: string }]);
    await eventually(async () => expect((await host.admin.get('/api/devices/TP-W1')).body).toMatchObject({ name: '取号机 1', nameEn: 'Ticket printer 1' }));
    zh = await host.central.user('word-zh', 'lobby-manager', ['BR-WORD']);
    const created = await host.admin.post('/api/users', { username: 'word-en', password: 'word-en-password', role: 'lobby-manager', branches: ['BR-WORD'], locale: 'en' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ locale: 'en' });
    en = await host.central.http.login('word-en', 'word-en-password');
    for (const locale of ['zh-CN', 'en']) {
      const hook = await host.admin.post('/api/webhooks', { url: `${receiver.url}/${locale}`, format: 'wecom', branches: ['BR-WORD'], locale });
      expect(hook.status).toBe(201);
      expect(hook.body).toMatchObject({ locale });
    }
  });
  afterAll(async () => {
    await agent?.end();
    await receiver?.stop();
    await host?.stop();
  });

  it('gives each user the alert in their own language, the device by name and location, no code', async () => {
    await agent.status('TP-W1', printer({ state: 'fault', faults: ['cutter-error'] }));
    const mine = async (client: HttpClient) => ((await client.get('/api/alerts?device=TP-W1')).body as { items: Alert[] }).items.find((a) => a.type === 'fault');
    const zhAlert = await eventually(async () => (await mine(zh)) ?? Promise.reject(new Error('no fault alert for the zh-CN user yet')));
    const enAlert = (await mine(en))!;
    expect(enAlert.id).toBe(zhAlert.id);
    expect(zhAlert.message).toBe('取号机 1（大厅东侧）切刀故障');
    expect(enAlert.message).toBe('Ticket printer 1 (大厅东侧): cutter jammed');
    expect([zhAlert.title, enAlert.title]).toEqual(['切刀故障', 'cutter jammed']);
    for (const message of [zhAlert.message, enAlert.message]) expect(message).not.toMatch(CODES);
    // The machine-readable fields stay as the contract has them.
    expect(zhAlert).toMatchObject({ type: 'fault', code: 'cutter-error' });
  });

  it('switches a user\'s language when an admin changes it', async () => {
    expect((await host.admin.patch('/api/users/word-zh', { locale: 'en' })).status).toBe(200);
    const alert = ((await zh.get('/api/alerts?device=TP-W1')).body as { items: Alert[] }).items.find((a) => a.type === 'fault')!;
    expect(alert.message).toBe('Ticket printer 1 (大厅东侧): cutter jammed');
    expect((await host.admin.patch('/api/users/word-zh', { locale: 'zh-CN' })).status).toBe(200);
    expect((await host.admin.patch('/api/users/word-zh', { locale: 'fr' })).status).toBe(400);
  });

  it('writes each webhook in its own language, with no code or id in the text', async () => {
    const bodies = (locale: string) => receiver.received.filter((r) => r.url.endsWith(`/${locale}`)).map((r) => (r.body.markdown as { content: string }).content);
    await eventually(() => {
      expect(bodies('zh-CN').length).toBeGreaterThanOrEqual(2); // the alert and its repair ticket
      expect(bodies('en').length).toBeGreaterThanOrEqual(2);
    });
    const zhAlert = bodies('zh-CN').find((b) => b.startsWith('### 切刀故障'))!;
    expect(zhAlert).toContain('取号机 1（大厅东侧）切刀故障');
    expect(zhAlert).toContain('> 设备：取号机 1（大厅东侧）');
    const zhTask = bodies('zh-CN').find((b) => b.startsWith('### 新维修工单'))!;
    expect(zhTask).toContain('### 新维修工单：取号机 1（大厅东侧）切刀故障');
    const enAlert = bodies('en').find((b) => b.startsWith('### cutter jammed'))!;
    expect(enAlert).toContain('Severity: Major');
    expect(enAlert).toContain('Device: Ticket printer 1 (大厅东侧)');
    for (const body of [...bodies('zh-CN'), ...bodies('en')]) {
      const text = body.split('\n').slice(0, -1).join('\n'); // the last line is the idempotency key
      expect(text).not.toMatch(CODES);
      expect(text).not.toMatch(/\(BR-WORD\)/); // the branch by its name (here one a test admin typed), not its id beside it
    }
    for (const body of bodies('en')) expect(body.split('\n').filter((l) => CJK.test(l) && !l.includes('大厅东侧') && !l.includes('取号机 1'))).toEqual([]);
  });

  it('sends each live stream the alert in its reader\'s language', async () => {
    const token = (client: HttpClient) => (client as unknown as { token: string }).token;
    const [zhStream, enStream] = await Promise.all([StreamReader.open(host.central.server.httpUrl, token(zh)), StreamReader.open(host.central.server.httpUrl, token(en))]);
    try {
      // The zh-CN user acknowledges the cutter fault: both streams carry the changed alert.
      const fault = ((await zh.get('/api/alerts?device=TP-W1')).body as { items: Alert[] }).items.find((a) => a.type === 'fault')!;
      expect((await zh.post(`/api/alerts/${fault.id}/ack`, { note: '已通知维修' })).status).toBe(200);
      const acked = (stream: StreamReader) => stream.of('alert').find((e) => e.data.id === fault.id && e.data.state === 'acknowledged')?.data;
      await eventually(() => {
        expect(acked(zhStream)).toMatchObject({ code: 'cutter-error', title: '切刀故障', message: '取号机 1（大厅东侧）切刀故障' });
        expect(acked(enStream)).toMatchObject({ code: 'cutter-error', title: 'cutter jammed', message: 'Ticket printer 1 (大厅东侧): cutter jammed' });
      }, 10_000);
      expect(Object.keys(acked(enStream)!)).not.toContain('dataEn');
    } finally {
      zhStream.close();
      enStream.close();
    }
  });
});
