import { JwtService } from '@nestjs/jwt';
import { HttpClient } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

const JWT_SECRET = 'a-test-secret-of-enough-length';

describe('HTTP API: tokens, roles, branch scoping, validation', () => {
  let central: TestCentral;
  let managerA: HttpClient;
  let headA: HttpClient;
  const A = 'BR-API-A';
  const B = 'BR-API-B';

  beforeAll(async () => {
    central = await new TestCentral({ env: { JWT_SECRET } }).start();
    const credsA = await central.branch(A);
    const credsB = await central.branch(B);
    for (const [branch, creds, device] of [[A, credsA, 'TP-API-A'], [B, credsB, 'TP-API-B']] as const) {
      const agent = await TestAgent.connect(central.mqttUrl, branch, creds);
      await agent.birth([{ id: device, kind: 'ticket-printer' }]);
      await agent.status(device, printerStatus('ok', 3));
      await agent.end();
    }
    await eventually(async () => expect((await central.admin.get('/api/devices?limit=10')).body.items.filter((d: { state: string }) => d.state === 'ok')).toHaveLength(2));
    managerA = await central.user('manager-a', 'lobby-manager', [A]);
    headA = await central.user('head-a', 'branch-head', [A]);
  });
  afterAll(async () => central?.stop());

  it('answers health, login and docs without a token, everything else with one', async () => {
    expect((await central.http.get('/api/health')).status).toBe(200);
    const docs = await central.http.get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toBe('3.1.0');
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/devices/{id}', '/api/branches']));
    for (const path of ['/api/branches', '/api/devices', '/api/users', '/api/devices/TP-API-A']) {
      const response = await central.http.get(path);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
    }
    expect((await central.http.withToken('not-a-token').get('/api/branches')).status).toBe(401);
  });

  it('refuses an expired token and a wrong password', async () => {
    const expired = new JwtService({ secret: JWT_SECRET }).sign({ sub: 'admin', role: 'admin', branches: [] }, { expiresIn: -10 });
    expect((await central.http.withToken(expired).get('/api/branches')).status).toBe(401);
    const login = await central.http.post('/api/auth/login', { username: 'admin', password: 'wrong-password' });
    expect(login.status).toBe(401);
  });

  it('logs in with role and branches', async () => {
    const login = await central.http.post('/api/auth/login', { username: 'manager-a', password: 'manager-a-password' });
    expect(login.body.user).toEqual({ username: 'manager-a', role: 'lobby-manager', branches: [A], locale: 'zh-CN' });
  });

  it('shows a lobby manager only their branch: lists filtered, other ids 404', async () => {
    const devices = await managerA.get('/api/devices');
    expect(devices.body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: 'TP-API-A' })] });
    expect((await managerA.get('/api/devices?branch=' + B)).body).toEqual({ items: [], total: 0 });
    expect((await managerA.get('/api/devices/TP-API-B')).status).toBe(404);
    expect((await managerA.get('/api/devices/TP-API-B/history')).status).toBe(404);
    expect((await managerA.get('/api/branches/' + B)).status).toBe(404);
    const branches = await managerA.get('/api/branches');
    expect(branches.body.items.map((b: { id: string }) => b.id)).toEqual([A]);
    expect((await managerA.post('/api/devices/TP-API-B/commands', { action: 'status.refresh' })).status).toBe(404);
  });

  it('keeps admin work to admins (403) and the branch head read-only on devices', async () => {
    expect((await managerA.post('/api/branches', { id: 'X1', name: 'x' })).status).toBe(403);
    expect((await managerA.get('/api/users')).status).toBe(403);
    expect((await headA.get('/api/devices/TP-API-A')).status).toBe(200);
    expect((await headA.patch('/api/devices/TP-API-A', { name: 'renamed' })).status).toBe(403);
    expect((await headA.post('/api/devices/TP-API-A/commands', { action: 'status.refresh' })).status).toBe(403);
  });

  it('pages lists with limit and offset within bounds', async () => {
    const page = await central.admin.get('/api/devices?limit=1&offset=1');
    expect(page.body.total).toBe(2);
    expect(page.body.items).toHaveLength(1);
    expect((await central.admin.get('/api/devices?limit=1001')).status).toBe(400);
    expect((await central.admin.get('/api/devices?state=broken')).status).toBe(400);
    expect((await central.admin.get('/api/devices?state=ok')).body.total).toBe(2);
  });

  it('answers conflicts with 409 and bad bodies with 400, changing nothing', async () => {
    expect((await central.admin.post('/api/branches', { id: A, name: 'again' })).status).toBe(409);
    expect((await central.admin.post('/api/users', { username: 'manager-a', password: 'another-password', role: 'admin', branches: [] })).status).toBe(409);
    expect((await central.admin.post('/api/devices', { id: 'TP-API-A', branchId: A, kind: 'ticket-printer' })).status).toBe(409);
    const bad = [
      ['/api/branches', { id: 'central', name: 'reserved' }],
      ['/api/branches', { id: 'B-X', name: 'x', timezone: 'Mars/Olympus' }],
      ['/api/branches', { id: 'B-X', name: 'x', openingHours: { mon: ['17:00', '09:00'] } }],
      ['/api/branches', { id: 'B-X', name: 'x', extra: true }],
      ['/api/users', { username: 'u1', password: 'short', role: 'admin', branches: [] }],
      ['/api/users', { username: 'u1', password: 'long-enough', role: 'king', branches: [] }],
      ['/api/users', { username: 'u1', password: 'long-enough', role: 'lobby-manager', branches: ['NO-SUCH'] }],
      ['/api/devices', { id: 'D1', branchId: 'NO-SUCH', kind: 'ticket-printer' }],
      ['/api/devices', { id: 'D1', branchId: A, kind: 'toaster' }],
      ['/api/devices/TP-API-A/commands', { action: 'self-destruct' }],
      ['/api/devices/TP-API-A/commands', { action: 'lamp.on' }],
    ] as const;
    for (const [path, body] of bad) {
      const response = await central.admin.post(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String), details: expect.any(Array) });
    }
    const malformed = await central.admin.request('POST', '/api/branches', '{"id": ');
    expect(malformed.status).toBe(400);
    expect((await central.admin.get('/api/branches/B-X')).status).toBe(404);
    expect((await central.admin.get('/api/devices/D1')).status).toBe(404);
    expect((await central.admin.get('/api/users')).body.items.map((u: { username: string }) => u.username)).not.toContain('u1');
  });

  it('registers devices beforehand and changes their settings', async () => {
    const created = await central.admin.post('/api/devices', { id: 'LB-API-A', branchId: A, kind: 'light-box', name: '外挑灯箱' });
    expect(created.status).toBe(201);
    const patched = await central.admin.patch('/api/devices/LB-API-A', { settings: { lampCurrentThresholdMa: 80, lightSchedule: { on: 'sunset', off: '22:00' } } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ lampCurrentThresholdMa: 80, lightSchedule: { on: 'sunset', off: '22:00' } });
    expect((await central.admin.patch('/api/devices/LB-API-A', { settings: { lightSchedule: { on: 'dusk', off: '22:00' } } })).status).toBe(400);
    expect((await managerA.get('/api/devices/LB-API-A')).body.name).toBe('外挑灯箱');
  });

  it('answers an empty device patch with the unchanged device, not a 500 (found by the fuzz suite)', async () => {
    const before = await central.admin.get('/api/devices/LB-API-A');
    const patched = await central.admin.patch('/api/devices/LB-API-A', {});
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual(before.body);
  });

  it('disables a user at once and changes their branches', async () => {
    await central.admin.patch('/api/users/manager-a', { branches: [A, B] });
    expect((await managerA.get('/api/devices')).body.total).toBe(3);
    await central.admin.patch('/api/users/manager-a', { branches: [A], disabled: true });
    expect((await managerA.get('/api/devices')).status).toBe(401);
    expect((await central.http.post('/api/auth/login', { username: 'manager-a', password: 'manager-a-password' })).status).toBe(401);
    expect((await central.admin.patch('/api/users/nobody', { disabled: true })).status).toBe(404);
  });

  it('serves metrics, behind METRICS_TOKEN when one is set', async () => {
    const metrics = await central.http.get('/metrics');
    expect(metrics.text).toMatch(/lobby_mqtt_messages_received_total\{type="device-status"\} \d+/);
    expect(metrics.text).toMatch(/lobby_db_batch_size_bucket/);
    expect(metrics.text).toMatch(/lobby_ingest_lag_seconds_count/);
  });
});

describe('metrics behind a token', () => {
  it('needs the bearer METRICS_TOKEN', async () => {
    const central = await new TestCentral({ env: { METRICS_TOKEN: 'scrape-me' } }).start();
    try {
      expect((await central.http.get('/metrics')).status).toBe(401);
      expect((await central.http.withToken('scrape-me').get('/metrics')).status).toBe(200);
    } finally {
      await central.stop();
    }
  });
});
