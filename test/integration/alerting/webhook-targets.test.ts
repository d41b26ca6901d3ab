import { guardedSender, WebhookTargetPolicy } from '@lobby/alerting';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { AlertingCentral, printer, WebhookReceiver } from './support';

const FORBIDDEN_URLS = ['http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:8080/hook', 'http://localhost:8080/hook', 'http://192.168.1.10/hook', 'http://[fd00::1]/hook', 'http://100.64.0.1/hook'];

describe('webhook targets are restricted (SSRF)', () => {
  describe('without an allow-list', () => {
    let central: TestCentral;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      central = await new TestCentral().start();
      receiver = await new WebhookReceiver().start();
    });
    afterAll(async () => {
      await receiver?.stop();
      await central?.stop();
    });

    it('answers 400 for loopback, private, link-local, CGNAT and IPv6 local targets', async () => {
      for (const url of [...FORBIDDEN_URLS, receiver.url]) {
        const response = await central.admin.post('/api/webhooks', { url, format: 'json' });
        expect([url, response.status]).toEqual([url, 400]);
        expect(response.body.message).toMatch(/url refused/);
      }
      expect((await central.admin.get('/api/webhooks')).body.total).toBe(0);
    });
  });

  describe('at send time', () => {
    let receiver: WebhookReceiver;
    beforeAll(async () => (receiver = await new WebhookReceiver().start()));
    afterAll(async () => receiver?.stop());
    const send = (policy: WebhookTargetPolicy, url: string) => guardedSender(policy)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000 });

    it('refuses a name that resolves to a forbidden address now (DNS rebinding), before connecting', async () => {
      const byName = receiver.url.replace('127.0.0.1', 'localhost');
      await expect(send(new WebhookTargetPolicy([]), byName)).rejects.toThrow(/forbidden address/);
      await expect(send(new WebhookTargetPolicy([]), receiver.url)).rejects.toThrow(/forbidden address/);
      expect(receiver.received).toHaveLength(0);
      await expect(send(new WebhookTargetPolicy(['localhost']), byName)).resolves.toMatchObject({ status: 200 });
      expect(receiver.received).toHaveLength(1);
    });
  });

  describe('with 127.0.0.1 allowed', () => {
    let host: AlertingCentral;
    let first: WebhookReceiver;
    let elsewhere: WebhookReceiver;
    beforeAll(async () => {
      host = await new AlertingCentral({ rules: { webhooks: { retryBaseSeconds: 10 } } }).start();
      first = await new WebhookReceiver().start();
      elsewhere = await new WebhookReceiver().start();
    });
    afterAll(async () => {
      await first?.stop();
      await elsewhere?.stop();
      await host?.stop();
    });

    it('still refuses other forbidden targets, and never follows a redirect', async () => {
      for (const url of FORBIDDEN_URLS) expect((await host.admin.post('/api/webhooks', { url, format: 'json' })).status).toBe(400);
      first.respond = () => ({ status: 302, body: {} });
      const redirecting = first as unknown as { server: import('node:http').Server };
      redirecting.server.prependListener('request', (_req, res) => res.setHeader('location', elsewhere.url));
      expect((await host.admin.post('/api/webhooks', { url: first.url, format: 'json', branches: ['BR-REDIR'], roles: ['maintenance'] })).status).toBe(201);
      const agent = await host.branchWithAgent('BR-REDIR', [{ id: 'TP-REDIR', kind: 'ticket-printer' }]);
      await agent.status('TP-REDIR', printer({ state: 'fault', faults: ['cutter-error'] }));
      await eventually(() => expect(first.received.length).toBeGreaterThanOrEqual(1));
      const firstRound = first.received.length;
      // A 302 is a failed delivery: it is tried again later, and the redirect target never hears of it.
      await host.tick(10_000);
      await eventually(() => expect(first.received.length).toBeGreaterThan(firstRound));
      expect(elsewhere.received).toHaveLength(0);
      await agent.end();
    });
  });
});
