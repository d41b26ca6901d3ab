import { ADMIN_PASSWORD, TestCentral } from '../../support/test-central';

const TTL_S = 60;

/**
 * Tokens expire TOKEN_TTL_S after login (defect 10b: with `expiresIn` dropped from signing, no
 * test failed). Only `Date` is faked, so the in-process server sees the clock jump forward while
 * its timers, sockets and database run as usual.
 */
describe('token expiry', () => {
  let central: TestCentral;

  beforeAll(async () => {
    central = await new TestCentral({ env: { TOKEN_TTL_S: String(TTL_S) } }).start();
  });

  afterAll(async () => {
    jest.useRealTimers();
    await central?.stop();
  });

  it(`accepts a token until TOKEN_TTL_S (${TTL_S} s) after login and refuses it after`, async () => {
    const loggedInAt = Date.now();
    const client = await central.http.login('admin', ADMIN_PASSWORD);
    expect((await client.get('/api/branches')).status).toBe(200);

    jest.useFakeTimers({
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
      now: loggedInAt + (TTL_S - 5) * 1000,
    });
    expect({ beforeExpiry: (await client.get('/api/branches')).status }).toEqual({ beforeExpiry: 200 });

    jest.setSystemTime(loggedInAt + (TTL_S + 5) * 1000);
    expect({ afterExpiry: (await client.get('/api/branches')).status }).toEqual({ afterExpiry: 401 });
    jest.useRealTimers();
  });

  it('states the expiry in the token itself', async () => {
    const response = await central.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const claims = JSON.parse(Buffer.from(String(response.body.token).split('.')[1], 'base64url').toString()) as { iat?: number; exp?: number };
    expect(claims.exp).toBeDefined();
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(TTL_S);
  });
});
