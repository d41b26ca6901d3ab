import type { Role } from '@lobby/contracts';
import { HttpClient } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { AlertingCentral, printer } from '../alerting/support';

/**
 * Role × branch matrix, generated from the routes Nest registers. Every route must have a rule
 * below; a new route without one fails this test. For each route and each role (users of
 * branch OWN only) and for "no token" the documented outcome is asserted: 401 without a token
 * (unless public), 403 for a role the route does not admit, 404 for another branch's object,
 * and neither of these for one's own.
 */
type Caller = Role | 'none';
const ROLES: Role[] = ['admin', 'branch-head', 'lobby-manager', 'maintenance', 'cash-centre'];
const ALL = ROLES;
const OWN = 'BR-MX-OWN';
const OTHER = 'BR-MX-OTHER';
const MONTH = new Date().toISOString().slice(0, 7);

interface Fixture {
  own: Record<string, string>;
  other: Record<string, string>;
}
interface Rule {
  /** Roles admitted; `'public'` for routes open without a token. */
  roles: Role[] | 'public';
  /** Path for one's own object (`:id` etc. filled from the fixture); default: the route path. */
  own?: (f: Fixture) => string | Promise<string>;
  /** A valid body, so that the branch check (not validation) decides; default `{}`. */
  body?: Record<string, unknown>;
  /** Admitted roles that still get 404 for this own-branch object (it is not of their kinds). */
  ownNotFoundFor?: Role[];
  /** Path to another branch's object: must be 404 for every admitted non-admin role. */
  other?: (f: Fixture) => string;
  /** SSE: only the status line is read. */
  stream?: true;
}

const RULES: Record<string, Rule> = {
  'GET /api/health': { roles: 'public' },
  'GET /metrics': { roles: 'public' },
  'GET /api/docs': { roles: 'public' },
  'GET /api/docs.json': { roles: 'public' },
  'GET /api/docs/:asset': { roles: 'public', own: () => '/api/docs/initializer.js' },
  'POST /api/auth/login': { roles: 'public' },
  'GET /api/branches': { roles: ALL },
  'GET /api/branches/:id': { roles: ALL, own: () => `/api/branches/${OWN}`, other: () => `/api/branches/${OTHER}` },
  'POST /api/branches': { roles: ['admin'] },
  'PATCH /api/branches/:id': { roles: ['admin'], own: () => `/api/branches/${OWN}` },
  'POST /api/branches/:id/agent-credentials': { roles: ['admin'], own: () => `/api/branches/BR-MX-SPARE/agent-credentials` },
  'GET /api/branches/:id/daily-log': { roles: ['lobby-manager', 'branch-head', 'admin'], own: () => `/api/branches/${OWN}/daily-log`, other: () => `/api/branches/${OTHER}/daily-log` },
  'GET /api/branches/:id/customer-flow': { roles: ['lobby-manager', 'branch-head', 'admin'], own: () => `/api/branches/${OWN}/customer-flow`, other: () => `/api/branches/${OTHER}/customer-flow` },
  'GET /api/branches/:id/queue': { roles: ['lobby-manager', 'branch-head', 'admin'], own: () => `/api/branches/${OWN}/queue`, other: () => `/api/branches/${OTHER}/queue` },
  'GET /api/branches/:id/work-log/:date': { roles: ALL, own: () => `/api/branches/${OWN}/work-log/2026-01-05`, other: () => `/api/branches/${OTHER}/work-log/2026-01-05` },
  'PUT /api/branches/:id/work-log/:date': {
    roles: ['lobby-manager', 'admin'],
    own: () => `/api/branches/${OWN}/work-log/2026-01-05`,
    other: () => `/api/branches/${OTHER}/work-log/2026-01-05`,
    body: { situation: '矩阵' },
  },
  'POST /api/branches/:id/work-log/:date/submit': { roles: ['lobby-manager', 'admin'], own: () => `/api/branches/${OWN}/work-log/2026-01-05/submit`, other: () => `/api/branches/${OTHER}/work-log/2026-01-05/submit` },
  'POST /api/branches/:id/work-log/:date/review': {
    roles: ['branch-head', 'admin'],
    own: () => `/api/branches/${OWN}/work-log/2026-01-05/review`,
    other: () => `/api/branches/${OTHER}/work-log/2026-01-05/review`,
    body: { comment: '已阅' },
  },
  'GET /api/users': { roles: ['admin'] },
  'POST /api/users': { roles: ['admin'] },
  'PATCH /api/users/:username': { roles: ['admin'], own: () => '/api/users/mx-maintenance', body: { branches: [OWN] } },
  'GET /api/devices': { roles: ALL },
  'GET /api/devices/:id': { roles: ALL, own: (f) => `/api/devices/${f.own.device}`, other: (f) => `/api/devices/${f.other.device}` },
  'GET /api/devices/:id/history': { roles: ALL, own: (f) => `/api/devices/${f.own.device}/history`, other: (f) => `/api/devices/${f.other.device}/history` },
  'POST /api/devices': { roles: ['admin'] },
  'PATCH /api/devices/:id': { roles: ['admin'], own: (f) => `/api/devices/${f.own.device}` },
  'POST /api/devices/:id/commands': {
    roles: ['admin', 'lobby-manager', 'maintenance'],
    own: (f) => `/api/devices/${f.own.device}/commands`,
    other: (f) => `/api/devices/${f.other.device}/commands`,
    body: { action: 'status.refresh' },
  },
  'POST /api/devices/:id/consumables/:consumable/refilled': {
    roles: ['admin', 'lobby-manager', 'maintenance'],
    own: (f) => `/api/devices/${f.own.device}/consumables/paper/refilled`,
    other: (f) => `/api/devices/${f.other.device}/consumables/paper/refilled`,
  },
  'GET /api/commands/:id': { roles: ALL, own: (f) => `/api/commands/${f.own.command}`, other: (f) => `/api/commands/${f.other.command}` },
  'GET /api/alerts': { roles: ALL },
  'GET /api/alerts/:id': { roles: ALL, own: (f) => `/api/alerts/${f.own.alert}`, other: (f) => `/api/alerts/${f.other.alert}` },
  'POST /api/alerts/:id/ack': { roles: ALL, own: (f) => `/api/alerts/${f.own.alert}/ack`, other: (f) => `/api/alerts/${f.other.alert}/ack` },
  'GET /api/tasks': { roles: ALL },
  // The fixture task is a ticket printer's: the cash centre works on cash machines only.
  'GET /api/tasks/:id': { roles: ALL, own: (f) => `/api/tasks/${f.own.task}`, other: (f) => `/api/tasks/${f.other.task}`, ownNotFoundFor: ['cash-centre'] },
  'PATCH /api/tasks/:id': {
    roles: ['admin', 'lobby-manager', 'maintenance', 'cash-centre'],
    own: (f) => `/api/tasks/${f.own.task}`,
    other: (f) => `/api/tasks/${f.other.task}`,
    body: { note: 'matrix' },
    ownNotFoundFor: ['cash-centre'],
  },
  'GET /api/silences': { roles: ALL },
  'POST /api/silences': { roles: ['admin', 'lobby-manager', 'maintenance'] },
  'DELETE /api/silences/:id': { roles: ['admin', 'lobby-manager', 'maintenance'], own: () => freshSilence(), other: (f) => `/api/silences/${f.other.silence}` },
  'GET /api/webhooks': { roles: ['admin'] },
  'POST /api/webhooks': { roles: ['admin'] },
  'DELETE /api/webhooks/:id': { roles: ['admin'], own: () => freshWebhook() },
  'GET /api/checklists': { roles: ['lobby-manager', 'branch-head', 'admin'] },
  'GET /api/checklists/:id': { roles: ['lobby-manager', 'branch-head', 'admin'], own: (f) => `/api/checklists/${f.own.checklist}`, other: (f) => `/api/checklists/${f.other.checklist}` },
  'PATCH /api/checklists/:id/items/:itemId': {
    roles: ['lobby-manager', 'admin'],
    own: (f) => `/api/checklists/${f.own.checklist}/items/${f.own.item}`,
    other: (f) => `/api/checklists/${f.other.checklist}/items/${f.other.item}`,
    body: { done: true },
  },
  'POST /api/checklists/:id/sign-off': { roles: ['lobby-manager', 'admin'], own: (f) => `/api/checklists/${f.own.checklist}/sign-off`, other: (f) => `/api/checklists/${f.other.checklist}/sign-off` },
  'GET /api/stream': { roles: ALL, stream: true },
  'GET /api/audit': { roles: ['admin'] },
  'GET /api/reports/summary': { roles: ['admin', 'branch-head', 'lobby-manager'], own: () => `/api/reports/summary?branch=${OWN}`, other: () => `/api/reports/summary?branch=${OTHER}` },
  'GET /api/reports/monthly': {
    roles: ['admin', 'branch-head', 'lobby-manager'],
    own: () => `/api/reports/monthly?branch=${OWN}&month=${MONTH}`,
    other: () => `/api/reports/monthly?branch=${OTHER}&month=${MONTH}`,
  },
};

let admin: HttpClient;
async function freshSilence(): Promise<string> {
  const now = Date.now();
  const created = await admin.post('/api/silences', { branchId: OWN, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString() });
  return `/api/silences/${created.body.id}`;
}
async function freshWebhook(): Promise<string> {
  const created = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', format: 'json' });
  return `/api/webhooks/${created.body.id}`;
}

/** `METHOD /path` of every route the running server registered (Express router introspection). */
function registeredRoutes(host: AlertingCentral): string[] {
  const express = host.central.server.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...routes].sort();
}

describe('role × branch matrix over every registered route', () => {
  let host: AlertingCentral;
  const clients = new Map<Caller, HttpClient>();
  const fixture: Fixture = { own: {}, other: {} };

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    admin = host.admin;
    for (const [branch, key] of [[OWN, 'own'], [OTHER, 'other']] as const) {
      const device = `TP-${branch}`;
      const agent = await host.branchWithAgent(branch, [{ id: device, kind: 'ticket-printer' }]);
      await agent.status(device, printer({ state: 'fault', faults: ['cutter-error'] }));
      await host.tick(120_000);
      fixture[key].device = device;
      fixture[key].alert = await eventually(async () => {
        const alert = (await host.alerts(`&branch=${branch}`)).items[0];
        expect(alert).toBeDefined();
        return alert.id;
      });
      fixture[key].task = await eventually(async () => {
        const task = (await host.tasks(`&branch=${branch}`)).items[0];
        expect(task).toBeDefined();
        return task.id;
      });
      const command = await host.admin.post(`/api/devices/${device}/commands`, { action: 'status.refresh' });
      fixture[key].command = command.body.id;
      const now = Date.now();
      const silence = await host.admin.post('/api/silences', { branchId: branch, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString() });
      fixture[key].silence = silence.body.id;
      const checklists = await host.admin.get(`/api/checklists?branch=${branch}`);
      const checklist = checklists.body.items?.[0] as { id: string; items?: { id?: string; itemId?: string }[] } | undefined;
      fixture[key].checklist = checklist?.id ?? `${branch}-none`;
      const full = checklist ? (await host.admin.get(`/api/checklists/${checklist.id}`)).body : undefined;
      fixture[key].item = full?.items?.[0]?.id ?? full?.items?.[0]?.itemId ?? 'none';
      await agent.end();
    }
    await host.central.branch('BR-MX-SPARE');
    clients.set('none', host.central.http);
    clients.set('admin', host.admin);
    for (const role of ROLES.filter((r) => r !== 'admin')) clients.set(role, await host.central.user(`mx-${role}`, role, [OWN]));
  });
  afterAll(async () => host?.stop());

  it('has a rule for every registered route, and a route for every rule', () => {
    const routes = registeredRoutes(host);
    expect(routes.filter((route) => !RULES[route])).toEqual([]);
    expect(Object.keys(RULES).filter((rule) => !routes.includes(rule))).toEqual([]);
  });

  it('gives every caller the documented outcome on every route', async () => {
    const failures: string[] = [];
    const call = async (caller: Caller, method: string, path: string, rule: Rule): Promise<number> => {
      const client = clients.get(caller)!;
      if (!rule.stream) return (await client.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : (rule.body ?? {}))).status;
      const abort = new AbortController();
      const token = (client as unknown as { token?: string }).token;
      const response = await fetch(`${client.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
      abort.abort();
      return response.status;
    };
    for (const route of registeredRoutes(host)) {
      const rule = RULES[route];
      if (!rule) continue;
      const [method, pattern] = route.split(' ');
      for (const caller of ['none', ...ROLES] as Caller[]) {
        const own = rule.own ? await rule.own(fixture) : pattern;
        const status = await call(caller, method, own, rule);
        const admitted = rule.roles === 'public' || (caller !== 'none' && rule.roles.includes(caller));
        const hidden = caller !== 'none' && caller !== 'admin' && rule.ownNotFoundFor?.includes(caller);
        const expected = rule.roles === 'public' ? 'not 401/403' : caller === 'none' ? '401' : !admitted ? '403' : hidden ? '404' : 'not 401/403/404/5xx';
        const ok =
          expected === '401' || expected === '403' || expected === '404'
            ? status === Number(expected)
            : expected === 'not 401/403'
              ? status !== 401 && status !== 403 && status < 500
              : ![401, 403, 404].includes(status) && status < 500;
        if (!ok) failures.push(`${route} as ${caller} on ${own}: ${status}, expected ${expected}`);
        if (rule.other && admitted && caller !== 'none' && caller !== 'admin') {
          const other = await call(caller, method, rule.other(fixture), rule);
          if (other !== 404) failures.push(`${route} as ${caller} on another branch's ${rule.other(fixture)}: ${other}, expected 404`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
