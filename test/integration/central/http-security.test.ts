import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import mqtt from 'mqtt';
import { loadCentralConfig } from '@lobby/platform';
import { CentralServer, startCentralServer } from '../../../apps/central-server/src/central-server';
import { HttpClient } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { ADMIN_PASSWORD, TestCentral } from '../../support/test-central';
import { TestAgent } from '../../support/test-agent';

const JWT_SECRET = 'test-jwt-secret-0123456789';
const TTL_S = 3600;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

describe('HTTP hardening: headers, tokens, lockout, bounded input', () => {
  let central: TestCentral;
  const BR = 'BR-HSEC';

  beforeAll(async () => {
    central = await new TestCentral({
      env: {
        JWT_SECRET,
        TOKEN_TTL_S: String(TTL_S),
        LOGIN_MAX_FAILURES: '3',
        LOGIN_IP_MAX_FAILURES: '6',
        LOGIN_LOCKOUT_S: '2',
        MQTT_AUTH_MAX_FAILURES: '3',
        MQTT_AUTH_LOCKOUT_S: '2',
      },
    }).start();
    const creds = await central.branch(BR);
    const agent = await TestAgent.connect(central.mqttUrl, BR, creds);
    await agent.birth([{ id: 'LB-HSEC', kind: 'light-box' }]);
    await agent.end();
    await eventually(async () => expect((await central.admin.get('/api/devices/LB-HSEC')).status).toBe(200));
  });
  afterAll(async () => central?.stop());

  it('sends security headers and the CSP on every response, and no X-Powered-By', async () => {
    for (const response of [await central.http.get('/api/health'), await central.http.get('/api/devices'), await central.http.get('/nowhere')]) {
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('issues tokens that expire after TOKEN_TTL_S', async () => {
    const response = await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const claims = jwt.decode(response.body.token) as { iat?: number; exp?: number };
    expect(claims.exp).toBeDefined();
    expect(claims.exp! - claims.iat!).toBe(TTL_S);
  });

  it('refuses a correctly signed token without an expiry or with an absurd one', async () => {
    const admin = jwt.decode((await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token) as Record<string, unknown>;
    const claims = { sub: 'admin', role: 'admin', branches: [], ver: admin.ver };
    const valid = jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', expiresIn: 600 });
    expect((await central.http.withToken(valid).get('/api/users')).status).toBe(200);
    const forever = jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256' });
    const decades = jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', expiresIn: 30 * 365 * 86_400 });
    for (const token of [forever, decades]) {
      const response = await central.http.withToken(token).get('/api/users');
      expect(response.status).toBe(401);
    }
  });

  it('revokes tokens on a password change and on a disable', async () => {
    const user = await central.user('hsec-maint', 'maintenance', [BR]);
    expect((await user.get('/api/devices')).status).toBe(200);
    expect((await central.admin.patch('/api/users/hsec-maint', { password: 'a-new-password-1' })).status).toBe(200);
    expect((await user.get('/api/devices')).status).toBe(401);
    const fresh = await central.http.login('hsec-maint', 'a-new-password-1');
    expect((await fresh.get('/api/devices')).status).toBe(200);

    expect((await central.admin.patch('/api/users/hsec-maint', { disabled: true })).status).toBe(200);
    expect((await central.admin.patch('/api/users/hsec-maint', { disabled: false })).status).toBe(200);
    expect((await fresh.get('/api/devices')).status).toBe(401);
    // Another change (role, branches) keeps the tokens: role and scope are read afresh anyway.
    const again = await central.http.login('hsec-maint', 'a-new-password-1');
    expect((await central.admin.patch('/api/users/hsec-maint', { role: 'lobby-manager' })).status).toBe(200);
    expect((await again.get('/api/devices')).status).toBe(200);
  });

  it('answers command args nested 10,000 deep with 400, and the server keeps working', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const body = `{"action":"lamp.on","args":{"x":${deep}}}`;
    const response = await central.admin.request('POST', '/api/devices/LB-HSEC/commands', body);
    expect(response.status).toBe(400);
    const nine = await central.admin.post('/api/devices/LB-HSEC/commands', { action: 'lamp.on', args: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } });
    expect(nine.status).toBe(400);
    const fine = await central.admin.post('/api/devices/LB-HSEC/commands', { action: 'lamp.on', args: { level: 1 } });
    expect(fine.status).toBe(202);
    expect((await central.http.get('/api/health')).status).toBe(200);
  });

  it('bounds a silence: after its start, at most 90 days', async () => {
    const create = (startsAt: string, endsAt: string) => central.admin.post('/api/silences', { branchId: BR, startsAt, endsAt, reason: 'test' });
    expect((await create('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z')).status).toBe(400);
    expect((await create('2026-01-01T00:00:00Z', '2026-04-02T00:00:00Z')).status).toBe(400);
    expect((await create('2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z')).status).toBe(400);
    expect((await create('2026-01-01T00:00:00Z', '2026-03-31T00:00:00Z')).status).toBe(201);
  });

  it('locks a username out after repeated wrong passwords, the right one included, with Retry-After', async () => {
    await central.user('hsec-lock', 'maintenance', [BR]);
    const login = (password: string) => central.http.post('/api/auth/login', { username: 'hsec-lock', password });
    expect((await login('wrong-1')).status).toBe(401);
    expect((await login('wrong-2')).status).toBe(401);
    const locking = await login('wrong-3');
    expect(locking.status).toBe(429);
    const locked = await login('hsec-lock-password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    // Other users are not affected by this username's lockout.
    expect((await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200);
    await eventually(async () => expect((await login('hsec-lock-password')).status).toBe(200), 5_000, 250);
  });

  it('locks a guessing address out across usernames', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // earlier failures leave the window
    for (let i = 1; i <= 5; i++) expect((await central.http.post('/api/auth/login', { username: `nobody-${i}`, password: 'x' })).status).toBe(401);
    expect((await central.http.post('/api/auth/login', { username: 'nobody-6', password: 'x' })).status).toBe(429);
    const admin = await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(admin.status).toBe(429);
    expect(admin.headers.get('retry-after')).toMatch(/^[12]$/);
    await eventually(async () => expect((await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).status).toBe(200), 5_000, 250);
  });

  it('locks out MQTT logins after repeated bad CONNECTs, then lets the right one in again', async () => {
    const creds = await central.admin.post(`/api/branches/${BR}/agent-credentials`);
    const connect = (password: string) =>
      mqtt.connectAsync(central.mqttUrl, { protocolVersion: 4, username: BR, password, clientId: `agent-${BR}.t`, reconnectPeriod: 0, connectTimeout: 5000 });
    for (let i = 0; i < 3; i++) await expect(connect('wrong')).rejects.toThrow(/Bad username or password/i);
    await expect(connect(creds.body.password)).rejects.toThrow(/Bad username or password/i);
    const ok = await eventually(() => connect(creds.body.password), 5_000, 250);
    await ok.endAsync();
  });
});

describe('generated admin password', () => {
  it('is printed once on stderr and never written into the JSON log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lobby-adminpw-'));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const outSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => stdout.push(String(chunk)) > 0);
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0);
    let server: CentralServer | undefined;
    try {
      const config = loadCentralConfig({
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        MQTT_PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
        FLEET_FILE: join(dir, 'none.yaml'),
        LOG_LEVEL: 'info',
      });
      server = await startCentralServer(config);
    } finally {
      outSpy.mockRestore();
      errSpy.mockRestore();
    }
    try {
      const password = server.generatedAdminPassword!;
      expect(password).toBeTruthy();
      expect(stdout.join('')).toContain('seeded user admin with a generated password');
      expect(stdout.join('')).not.toContain(password);
      expect(stderr.join('').split(password)).toHaveLength(2);
      await new HttpClient(server.httpUrl).login('admin', password);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
