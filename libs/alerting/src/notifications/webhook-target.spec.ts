import { isForbiddenAddress, WebhookTargetPolicy } from './webhook-target';

describe('webhook targets', () => {
  it('forbids loopback, private, link-local, CGNAT and their IPv6 forms', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect([address, isForbiddenAddress(address)]).toEqual([address, false]);
    }
  });

  it('refuses forbidden URLs unless the allow-list names the host', async () => {
    const policy = new WebhookTargetPolicy(['127.0.0.1', 'hooks.internal']);
    expect(await policy.refuseUrl('http://127.0.0.1:9000/x')).toBeNull();
    expect(await policy.refuseUrl('http://10.0.0.5/x')).toMatch(/forbidden/);
    expect(await policy.refuseUrl('http://[::1]:8080/')).toMatch(/forbidden/);
    expect(await policy.refuseUrl('http://localhost:8080/')).toMatch(/loopback/);
    expect(await policy.refuseUrl('http://169.254.169.254/latest/meta-data')).toMatch(/forbidden/);
    expect(await policy.refuseUrl('http://user:pw@8.8.8.8/')).toMatch(/credentials/);
    expect(await policy.refuseUrl('http://8.8.8.8/hook')).toBeNull();
    expect(policy.refuseAddress('hooks.internal', '10.0.0.7')).toBeNull();
    expect(policy.refuseAddress('evil.example', '10.0.0.7')).toMatch(/forbidden/);
  });
});
