import { DataSource } from 'typeorm';
import { BranchCalendars, DailyRollupEntity, ReportsService, RollupJob, RollupSource } from '@lobby/checklists';
import { JobLock, JsonLogger } from '@lobby/platform';
import { HttpClient, JsonBody } from '../../support/http-client';
import { DrivenCentral } from './support';
import { at, BRANCH, H, MIN, MON, OTHER, ReportWeek, WEEK } from './report-week.scenario';

jest.setTimeout(240_000);

/**
 * Issue 12 point 5: the reports API over a synthetic week driven on the injected clock, answered
 * from the daily rollups the scheduled job writes; figures computed by hand.
 */
describe(ReportsService.name, () => {
  const week = new ReportWeek();
  let driven: DrivenCentral;
  let manager: HttpClient;

  beforeAll(async () => {
    await week.start();
    ({ driven, manager } = week);
  });
  afterAll(async () => {
    await week.stop();
  });

  it('rolls up a synthetic week and reports the hand-computed availability, failures, MTTA/MTTR and punctuality', async () => {
    // The week of the scenario (its hand-computed figures are explained there).
    await week.drive();

    // Every day of the week was rolled up by the scheduled job (a branch row and one per device).
    const rows = await driven.central.server.app.get(DataSource).getRepository(DailyRollupEntity).findBy({ branchId: BRANCH });
    expect(new Set(rows.map((r) => r.date))).toEqual(new Set(WEEK));
    expect(rows).toHaveLength(WEEK.length * 3);

    const response = await manager.get(`/api/reports/summary?branch=${BRANCH}&from=${MON}&to=2026-12-06`);
    expect(response.status).toBe(200);
    const report = response.body;
    expect(report).toMatchObject({ from: MON, to: '2026-12-06' });
    const [branch] = report.branches;
    // Printer: 1 h + 2 h down, 2 h silent → 35 h up of 38 h with data; ATM: 0.5 h down, 2 h silent → 37.5 / 38.
    expect(branch).toMatchObject({
      branchId: BRANCH,
      name: '报表测试支行',
      availability: { availableMs: 72.5 * H, unavailableMs: 3.5 * H, unknownMs: 4 * H, ratio: 0.9539, coverage: 0.95 },
      failures: 2,
      checklists: { due: 10, onTime: 7, late: 1, missed: 2, punctuality: 0.7 },
      consumables: { ticketsPrinted: 500, paperRolls: 1, ribbons: 0 },
    });
    expect(branch.mttaMs).toBe(30 * MIN); // (20 + 40) / 2
    expect(Math.abs(branch.mttrMs - 90 * MIN)).toBeLessThanOrEqual(MIN); // (60 + 120) / 2, plus the clear delay
    const tasks = (await driven.admin.get(`/api/tasks?branch=${BRANCH}&limit=1000`)).body.items as JsonBody[];
    const open = tasks.filter((t) => ['open', 'assigned', 'in-progress'].includes(t.status));
    expect(open.length).toBeGreaterThan(0); // the paper refill
    expect(branch).toMatchObject({ openTasks: open.length, overdueTasks: open.filter((t) => t.overdue).length });

    const devices = Object.fromEntries(report.devices.map((d: JsonBody) => [d.deviceId, d]));
    expect(devices['TP-R']).toMatchObject({
      branchId: BRANCH,
      name: '取号机 1',
      kind: 'ticket-printer',
      availability: { availableMs: 35 * H, unavailableMs: 3 * H, unknownMs: 2 * H, ratio: 0.9211, coverage: 0.95 },
      failures: 2,
      mttaMs: 30 * MIN,
    });
    expect(devices['ATM-R']).toMatchObject({ availability: { availableMs: 37.5 * H, unavailableMs: 0.5 * H, unknownMs: 2 * H, ratio: 0.9868 }, failures: 0, mttaMs: null, mttrMs: null });

    const days = report.days.filter((d: JsonBody) => d.branchId === BRANCH);
    expect(days.map((d: JsonBody) => d.date)).toEqual(WEEK);
    expect(days[0]).toMatchObject({ failures: 1, ticketsPrinted: 200, availability: { availableMs: 15 * H, unavailableMs: H, unknownMs: 0 } });
    expect(days[1]).toMatchObject({ ticketsPrinted: 300, paperRolls: 1, availability: { unavailableMs: 0.5 * H } });
    expect(days[2]).toMatchObject({ availability: { unknownMs: 4 * H, coverage: 0.75 } });
    expect(days[5]).toMatchObject({ availability: { ratio: null, coverage: null, availableMs: 0 } });

    // Today (Monday, not over) is computed live: its day is there, so far without opening time.
    const live = (await manager.get(`/api/reports/summary?branch=${BRANCH}&from=2026-12-07&to=2026-12-07`)).body;
    expect(live.days).toEqual([expect.objectContaining({ date: '2026-12-07', branchId: BRANCH })]);
  });

  it('writes each day once, even when two instances run the job at the same time', async () => {
    const app = driven.central.server.app;
    const db = app.get(DataSource);
    const second = new RollupJob(db, app.get(BranchCalendars), app.get(RollupSource), new JobLock(db, driven.clock, 'second-instance'), driven.clock, app.get(JsonLogger));
    const first = app.get(RollupJob);
    const repo = db.getRepository(DailyRollupEntity);
    // Monday 2026-12-07 passes unattended (its closing checklist is made late and never signed).
    await driven.driveTo(at('2026-12-07', '23:00'));
    await first.run();
    // Past Monday's midnight: both instances' rounds run at once.
    driven.clock.set(at('2026-12-08', '00:05'));
    const [a, b] = await Promise.all([first.run(), second.run()]);
    expect(a + b).toBe(2); // Monday for each of the two branches, once
    expect(Math.min(a, b)).toBe(0); // one instance wrote; the other held no lock or found the days written
    const monday = await repo.findBy({ date: '2026-12-07' });
    expect(monday.filter((r) => r.branchId === BRANCH)).toHaveLength(3);
    // Later, with the first instance's lease run out, the second finds nothing left to write.
    driven.clock.set(at('2026-12-08', '02:00'));
    expect(await second.run()).toBe(0);
    expect(await repo.findBy({ date: '2026-12-07' })).toEqual(monday);
  });

  it('scopes reports like every route, refuses bad values, and serves the month as JSON, CSV and a printable page', async () => {
    const head = await driven.central.user('head-rep', 'branch-head', [BRANCH]);
    const maintenance = await driven.central.user('mnt-rep', 'maintenance', [BRANCH]);
    const cash = await driven.central.user('cash-rep', 'cash-centre', [BRANCH]);
    const range = 'from=2026-11-30&to=2026-12-06';
    expect((await manager.get(`/api/reports/summary?branch=${OTHER}&${range}`)).status).toBe(404);
    expect((await manager.get(`/api/reports/summary?branch=${BRANCH},${OTHER}&${range}`)).status).toBe(404);
    expect((await head.get(`/api/reports/monthly?branch=${OTHER}&month=2026-11`)).status).toBe(404);
    expect((await maintenance.get(`/api/reports/summary?${range}`)).status).toBe(403);
    expect((await cash.get(`/api/reports/monthly?branch=${BRANCH}&month=2026-11`)).status).toBe(403);
    expect((await manager.get(`/api/reports/summary?${range}`)).body.branches.map((b: JsonBody) => b.branchId)).toEqual([BRANCH]);
    // The admin sees both, worst availability first (the other branch has no data: last).
    expect((await driven.admin.get(`/api/reports/summary?${range}`)).body.branches.map((b: JsonBody) => b.branchId)).toEqual([BRANCH, OTHER]);
    for (const query of ['from=2026-12-06&to=2026-11-30', 'from=2025-01-01&to=2026-12-06', 'from=30-11-2026', 'branch=bad!id', 'colour=red']) {
      expect([query, (await head.get(`/api/reports/summary?${query}`)).status]).toEqual([query, 400]);
    }
    expect((await head.get(`/api/reports/monthly?branch=${BRANCH}&month=2026-13`)).status).toBe(400);
    expect((await head.get(`/api/reports/monthly?month=2026-12`)).status).toBe(400);

    const month = await head.get(`/api/reports/monthly?branch=${BRANCH}&month=2026-12`);
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({ month: '2026-12', from: '2026-12-01', to: '2026-12-31' });
    expect(month.body.branches[0].checklists).toMatchObject({ due: 9, onTime: 5, late: 1, missed: 3, punctuality: 0.5556 });

    const csv = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11`, undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    // fetch's text() drops the byte-order mark: look at the bytes Excel gets.
    const login = await driven.central.http.post('/api/auth/login', { username: 'head-rep', password: 'head-rep-password' });
    const raw = await fetch(`${driven.central.http.baseUrl}/api/reports/monthly?branch=${BRANCH}&month=2026-11`, { headers: { accept: 'text/csv', authorization: `Bearer ${login.body.token}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('设备月报,报表测试支行,2026-11');
    // November is the Monday alone: the printer down 1 h of 8, the ATM up all day.
    expect(lines.some((l) => l.startsWith('网点合计,,93.8%,100.0%,15.00,1.00,0.00,1,20.0,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('取号机 1,取号机,87.5%,100.0%,7.00,1.00,0.00,1,20.0,'))).toBe(true);
    expect(lines).toContain('自助设备 1,自助设备,100.0%,100.0%,8.00,0.00,0.00,0,—,—');
    expect(lines).toContain('2,2,0,0,100.0%,' + lines[lines.indexOf('应做,按时,逾期完成,未完成,按时率,未完成工单,超时工单') + 1].split(',').slice(5).join(','));

    const html = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-12`, undefined, { accept: 'text/html' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain('<html lang="zh-CN">');
    expect(html.text).toContain('设备月报');
    expect(html.text).toContain('@media print');
    expect(html.text).toContain('取号机 1');
    expect(html.text).toContain('自助设备 1');
    for (const raw of [BRANCH, 'TP-R', 'ATM-R', 'ticket-printer', 'cash-dispenser']) expect([raw, html.text.includes(raw)]).toEqual([raw, false]);
    const english = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-12&lang=en`, undefined, { accept: 'text/html' });
    expect(english.text).toContain('Monthly equipment report');
    expect(english.text).toContain('<html lang="en">');
  });
});
