import fc from 'fast-check';
import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { TestCentral } from '../../support/test-central';
import { hostileJson, nearMiss } from '../support/hostile-json';
import { networkRuns } from '../support/fuzz-runs';

/**
 * Every HTTP route with a body or a query, against a real central server (SQLite), with
 * generated bodies (arbitrary JSON, near misses of a valid body, valid bodies, non-JSON text)
 * and generated query strings. No answer may be a 5xx; whenever a whole batch of requests to a
 * route answered 4xx, a snapshot of every list (and of the fixtures the routes point at) must be
 * unchanged. Counts: BODY_RUNS batches of BATCH requests per body route (720 requests each,
 * 16 routes: 11,520 bodies) and QUERY_RUNS batches per query route (1,000 each, 12 routes:
 * 12,000 queries): 23,520
 * requests, each a real round trip plus a snapshot per body batch, which keeps the suite near a
 * minute and a half on two cores. FUZZ_RUNS scales the counts for a longer soak.
 */
const BATCH = 10;
const BODY_RUNS = networkRuns(72);
const QUERY_RUNS = networkRuns(100);
const TEST_TIMEOUT_MS = 600_000;

const stamp = Date.now().toString(36);
const BRANCH = `FZ-HTTP-${stamp}`;
const DEVICE = `${BRANCH}-TP1`;
const USER = `fz-user-${stamp}`;

type BodyRoute = { method: 'POST' | 'PUT' | 'PATCH'; path: string; valid: Record<string, unknown> };
const BODY_ROUTES: BodyRoute[] = [
  { method: 'POST', path: '/api/auth/login', valid: { username: 'nobody', password: 'not-the-password' } },
  { method: 'POST', path: '/api/branches', valid: { id: 'FZ-NEW', name: 'New branch', timezone: 'Asia/Shanghai', location: { lat: 31.2, lon: 121.5 } } },
  { method: 'PATCH', path: `/api/branches/${BRANCH}`, valid: { name: 'Renamed', location: null } },
  { method: 'POST', path: '/api/alerts/1/ack', valid: { note: 'seen' } },
  { method: 'PATCH', path: '/api/checklists/1/items/item-1', valid: { done: true, note: 'checked' } },
  { method: 'POST', path: '/api/checklists/1/sign-off', valid: { note: 'all good' } },
  { method: 'POST', path: '/api/devices', valid: { id: `${BRANCH}-NEW`, branchId: BRANCH, kind: 'light-box', name: 'Sign' } },
  { method: 'PATCH', path: `/api/devices/${DEVICE}`, valid: { name: 'Printer', location: 'hall', settings: { paperRollCapacity: 800 } } },
  { method: 'POST', path: `/api/devices/${DEVICE}/commands`, valid: { action: 'status.refresh', args: {} } },
  { method: 'POST', path: '/api/silences', valid: { deviceId: DEVICE, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-01T01:00:00Z', reason: 'work' } },
  { method: 'PATCH', path: '/api/tasks/1', valid: { status: 'in-progress', note: 'on it' } },
  { method: 'POST', path: '/api/users', valid: { username: `${USER}-new`, password: 'a-long-password', role: 'lobby-manager', branches: [BRANCH] } },
  { method: 'PATCH', path: `/api/users/${USER}`, valid: { role: 'maintenance', branches: [BRANCH] } },
  { method: 'POST', path: '/api/webhooks', valid: { url: 'http://127.0.0.1:9/hook', format: 'json', minSeverity: 'major' } },
  { method: 'PUT', path: `/api/branches/${BRANCH}/work-log/2026-01-05`, valid: { situation: '情况正常', problems: '', suggestions: '', onDuty: ['张三'] } },
  { method: 'POST', path: `/api/branches/${BRANCH}/work-log/2026-01-05/review`, valid: { comment: '已阅' } },
];

const QUERY_ROUTES: Array<{ path: string; keys: string[] }> = [
  { path: '/api/alerts', keys: ['limit', 'offset', 'state', 'branch', 'device', 'type'] },
  { path: '/api/branches', keys: ['limit', 'offset'] },
  { path: '/api/checklists', keys: ['limit', 'offset', 'branch', 'date', 'kind', 'status'] },
  { path: `/api/branches/${BRANCH}/daily-log`, keys: ['date', 'format', 'lang'] },
  { path: `/api/branches/${BRANCH}/customer-flow`, keys: ['from', 'to'] },
  { path: `/api/branches/${BRANCH}/queue`, keys: ['date'] },
  { path: '/api/devices', keys: ['limit', 'offset', 'branch', 'kind', 'state'] },
  { path: `/api/devices/${DEVICE}/history`, keys: ['from', 'to', 'limit'] },
  { path: '/api/silences', keys: ['limit', 'offset', 'branch', 'active'] },
  { path: '/api/tasks', keys: ['limit', 'offset', 'status', 'branch', 'assignee', 'kind', 'device'] },
  { path: '/api/users', keys: ['limit', 'offset'] },
  { path: '/api/webhooks', keys: ['limit', 'offset'] },
];

/** Lists and fixtures whose content a refused request must leave as it was. */
const SNAPSHOT_PATHS = [
  '/api/branches?limit=1000',
  '/api/devices?limit=1000',
  '/api/users?limit=1000',
  '/api/webhooks?limit=1000',
  '/api/silences?limit=1000',
  '/api/tasks?limit=1000',
  `/api/branches/${BRANCH}`,
  `/api/devices/${DEVICE}`,
  `/api/branches/${BRANCH}/work-log/2026-01-05`,
];

const bodyText = (valid: Record<string, unknown>) =>
  fc.oneof(
    { arbitrary: hostileJson, weight: 4 },
    { arbitrary: nearMiss(fc.constant(valid)), weight: 4 },
    { arbitrary: fc.constant(JSON.stringify(valid)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  );

const queryValue = fc.oneof(
  fc.constantFrom('', '0', '-1', '1e3', '1000', '1001', 'NaN', 'true', 'ok', 'active', 'open', 'ticket-printer', BRANCH, DEVICE, 'central', '2026-11-29', '9999-12-31T00:00:00Z', '%', '%ZZ', '%00', '[]', '{}'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
  fc.nat().map(String),
);
const queryString = (keys: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.constantFrom('a[b]', '__proto__', 'constructor', 'limit[]'), fc.string({ maxLength: 8 }).map(encodeURIComponent)), queryValue), { maxLength: 5 })
    .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&'));

describe('central HTTP API under generated bodies and queries', () => {
  let central: TestCentral;
  let admin: HttpClient;

  beforeAll(async () => {
    central = await new TestCentral().start();
    admin = central.admin;
    await central.branch(BRANCH);
    const device = await admin.post('/api/devices', { id: DEVICE, branchId: BRANCH, kind: 'ticket-printer' });
    expect(device.status).toBe(201);
    await central.user(USER, 'lobby-manager', [BRANCH]);
  });

  afterAll(async () => {
    await central?.stop();
  });

  /**
   * Lists and fixtures as text, and every alert by id. The scheduler may raise new alerts on its
   * own (a branch created by an accepted body misses its opening checklist), so only the alerts
   * that existed before are compared.
   */
  async function snapshot(): Promise<{ lists: string; alerts: Map<string, string> }> {
    const bodies = await Promise.all(SNAPSHOT_PATHS.map(async (path) => [path, (await admin.get(path)).body] as const));
    const alerts = (await admin.get('/api/alerts?limit=1000')).body.items as Array<{ id: string }>;
    return { lists: JSON.stringify(bodies), alerts: new Map(alerts.map((alert) => [alert.id, JSON.stringify(alert)])) };
  }

  function expectUnchanged(before: Awaited<ReturnType<typeof snapshot>>, after: Awaited<ReturnType<typeof snapshot>>): void {
    expect(after.lists).toBe(before.lists);
    for (const [id, alert] of before.alerts) expect(after.alerts.get(id)).toBe(alert);
  }

  /** Sends raw text so that non-JSON and odd encodings reach the server as generated. */
  async function send(method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
    const response = await admin.request(method, path, body, body === undefined ? {} : { 'content-type': 'application/json' });
    return { status: response.status, text: response.text };
  }

  it.each(BODY_ROUTES)(`$method $path: no 5xx, and a refused batch changes nothing (${BODY_RUNS * BATCH} bodies)`, async ({ method, path, valid }) => {
    let before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.array(bodyText(valid), { minLength: BATCH, maxLength: BATCH }), async (bodies) => {
        const answers = [];
        for (const body of bodies) answers.push({ body, ...(await send(method, path, body)) });
        expect(answers.filter((a) => a.status >= 500)).toEqual([]);
        const after = await snapshot();
        if (answers.every((a) => a.status >= 400)) expectUnchanged(before, after);
        before = after;
      }),
      // Shrinking re-sends smaller batches: a failure ends with the one body that breaks the route.
      { numRuns: BODY_RUNS },
    );
    // The server still answers a plain request after all of it.
    await eventually(async () => expect((await central.http.get('/api/health')).status).toBe(200));
  }, TEST_TIMEOUT_MS);

  it.each(QUERY_ROUTES)(`GET $path: no 5xx for generated queries (${QUERY_RUNS * BATCH} queries)`, async ({ path, keys }) => {
    await fc.assert(
      fc.asyncProperty(fc.array(queryString(keys), { minLength: BATCH, maxLength: BATCH }), async (queries) => {
        for (const query of queries) {
          const answer = await send('GET', `${path}?${query}`);
          expect({ query, status: answer.status >= 500 ? answer.status : 'below 500', text: answer.status >= 500 ? answer.text : '' }).toEqual({
            query,
            status: 'below 500',
            text: '',
          });
        }
      }),
      { numRuns: QUERY_RUNS },
    );
  }, TEST_TIMEOUT_MS);
});
