import { freshPostgresDatabase } from '../../support/services';
import { Agent, Alert, AlertingCentral, printer, Task } from './support';

const MIN = 60_000;
const fault = (code: string) => printer({ state: 'fault', faults: [code] });

/**
 * "What needs me now": alert and task lists filtered by comma lists, sorted by severity or
 * deadline, each value validated (400 naming the bad one, nothing changed). The filters and sorts
 * are SQL: `LISTS_DB=postgres` runs the suite on a fresh PostgreSQL database.
 */
describe('alert and task lists', () => {
  let host: AlertingCentral;
  let agent: Agent;
  let postgres: { url: string; drop(): Promise<void> } | undefined;
  const B = 'BR-LISTS';

  const alerts = async (query: string): Promise<Alert[]> => {
    const response = await host.admin.get(`/api/alerts?branch=${B}&${query}`);
    expect(response.status).toBe(200);
    return response.body.items as Alert[];
  };
  const tasks = async (query: string): Promise<Task[]> => {
    const response = await host.admin.get(`/api/tasks?branch=${B}&${query}`);
    expect(response.status).toBe(200);
    return response.body.items as Task[];
  };

  beforeAll(async () => {
    if (process.env.LISTS_DB === 'postgres') postgres = await freshPostgresDatabase();
    host = await new AlertingCentral({ env: postgres ? { DATABASE_URL: postgres.url } : {} }).start();
    agent = await host.branchWithAgent(B, ['TP-L1', 'TP-L2', 'TP-L3', 'TP-L4'].map((id) => ({ id, kind: 'ticket-printer' })));
    for (const id of ['TP-L1', 'TP-L2', 'TP-L3', 'TP-L4']) await agent.status(id, printer());
    // Raised in this order, a minute apart: a cutter fault (major), paper out (critical),
    // a cover left open (major), then a fault that is repaired again (cleared).
    await agent.status('TP-L1', fault('cutter-error'));
    await host.tick(MIN);
    await agent.status('TP-L2', printer({ state: 'fault', consumables: { paper: { level: 'out' } } }));
    await host.tick(MIN);
    await agent.status('TP-L3', fault('mechanical-error'));
    await host.tick(MIN);
    await agent.status('TP-L4', fault('unrecoverable-error'));
    await host.tick(MIN);
    await agent.status('TP-L4', printer());
    await host.tick(10 * MIN);
  });
  afterAll(async () => {
    await agent?.end();
    await host?.stop();
    await postgres?.drop();
  });

  it('filters alerts by comma lists of state and severity', async () => {
    const all = await alerts('limit=1000');
    const cleared = all.filter((a) => a.state === 'cleared');
    expect(cleared.map((a) => a.deviceId)).toContain('TP-L4');
    const cutter = all.find((a) => a.deviceId === 'TP-L1' && a.state === 'active')!;
    expect((await host.admin.post(`/api/alerts/${cutter.id}/ack`, { note: 'on my way' })).status).toBe(200);

    const open = await alerts('state=active,acknowledged');
    expect(open.length).toBe(all.length - cleared.length);
    expect(new Set(open.map((a) => a.state))).toEqual(new Set(['active', 'acknowledged']));
    expect(open.map((a) => a.id)).toContain(cutter.id);

    const urgent = await alerts('state=active,acknowledged&severity=critical,major');
    expect(urgent.length).toBeGreaterThanOrEqual(3);
    expect(urgent.every((a) => ['critical', 'major'].includes(a.severity) && a.state !== 'cleared')).toBe(true);
    expect(urgent.map((a) => a.deviceId)).toEqual(expect.arrayContaining(['TP-L1', 'TP-L2', 'TP-L3']));
  });

  it('sorts alerts most severe first, then newest; by default newest first', async () => {
    const bySeverity = await alerts('state=active,acknowledged&sort=severity');
    const rank = (a: Alert) => ['critical', 'major', 'minor', 'warning'].indexOf(a.severity);
    const expected = [...bySeverity].sort((a, b) => rank(a) - rank(b) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
    expect(bySeverity.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    expect(bySeverity[0]).toMatchObject({ severity: 'critical', deviceId: 'TP-L2' });
    // Of the two major faults, the newer (TP-L3) comes first.
    const majors = bySeverity.filter((a) => a.severity === 'major' && a.type === 'fault').map((a) => a.deviceId);
    expect(majors.indexOf('TP-L3')).toBeLessThan(majors.indexOf('TP-L1'));

    const newest = await alerts('state=active,acknowledged&sort=raisedAt');
    const raised = newest.map((a) => Date.parse(a.raisedAt));
    expect(raised).toEqual([...raised].sort((a, b) => b - a));
    expect((await alerts('state=active,acknowledged')).map((a) => a.id)).toEqual(newest.map((a) => a.id));
  });

  it('lists open tasks by deadline and tells the overdue ones', async () => {
    const open = await tasks('status=open,assigned&sort=resolveDueAt');
    expect(open.length).toBeGreaterThanOrEqual(3);
    const due = open.map((t) => Date.parse(t.resolveDueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    // The paper-out refill (critical: 4 h) is due before the repairs raised earlier (major: 8 h).
    expect(open[0]).toMatchObject({ deviceId: 'TP-L2', severity: 'critical' });
    expect(open.every((t) => ['open', 'assigned'].includes(t.status))).toBe(true);

    // Past the critical task's 30-minute response deadline, not yet past the majors' 2 hours.
    expect(await tasks('overdue=true')).toEqual([]);
    await host.tick(40 * MIN);
    const overdue = await tasks('overdue=true&sort=resolveDueAt');
    expect(overdue.map((t) => t.deviceId)).toEqual(['TP-L2']);
    expect(overdue.every((t) => t.overdue)).toBe(true);
    const inTime = await tasks('overdue=false&status=open');
    expect(inTime.length).toBeGreaterThan(0);
    expect(inTime.every((t) => !t.overdue && t.deviceId !== 'TP-L2')).toBe(true);
  });

  it('refuses an unknown value in any list or sort, naming it, and changes nothing', async () => {
    for (const query of ['state=active,bogus', 'severity=critical,urgent', 'state=', 'sort=name', 'severity=CRITICAL']) {
      const response = await host.admin.get(`/api/alerts?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.details.join(' ')).toMatch(/state|severity|sort/);
    }
    for (const query of ['status=open,waiting', 'sort=deadline', 'overdue=yes']) {
      const response = await host.admin.get(`/api/tasks?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    const documented = (await host.central.http.request('GET', '/api/docs', undefined, { accept: 'application/json' })).body;
    const names = (path: string) => (documented.paths[path].get.parameters as { name: string }[]).map((p) => p.name);
    expect(names('/api/alerts')).toEqual(expect.arrayContaining(['state', 'severity', 'sort']));
    expect(names('/api/tasks')).toEqual(expect.arrayContaining(['status', 'overdue', 'sort']));
  });
});
