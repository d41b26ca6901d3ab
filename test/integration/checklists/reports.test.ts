import { DataSource } from 'typeorm';
import { Topics } from '@lobby/contracts';
import { BranchCalendars, DailyRollupEntity, ReportsService, RollupJob, RollupSource } from '@lobby/checklists';
import { JobLock, JsonLogger } from '@lobby/platform';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { dispenser, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(240_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'REP-1';
const OTHER = 'REP-2';
const MON = '2026-11-30';
const WEEK = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
const [, TUE, WED, THU, FRI] = WEEK;
const H = 3_600_000;
const MIN = 60_000;
const STEP = 30 * MIN;
const DEVICES = [
  { id: 'TP-R', kind: 'ticket-printer' },
  { id: 'ATM-R', kind: 'cash-dispenser' },
];

/**
 * Issue 12 point 5: the reports API over a synthetic week driven on the injected clock, answered
 * from the daily rollups the scheduled job writes; figures computed by hand.
 */
describe(ReportsService.name, () => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;

  const at = (date: string, hhmm: string) => local(ZONE, date, hhmm);
  /** Moves the clock in steps (the scheduler's rounds and the rollup job see every step). */
  async function walkTo(target: number): Promise<void> {
    for (let t = driven.clock.now() + STEP; t < target; t += STEP) await driven.driveTo(t);
    await driven.driveTo(target);
  }
  async function alertOf(deviceId: string, code: string): Promise<JsonBody> {
    const list = (await driven.admin.get(`/api/alerts?branch=${BRANCH}&device=${deviceId}&state=active&limit=1000`)).body.items as JsonBody[];
    const alert = list.find((a) => a.type === 'fault' && a.code === code);
    if (!alert) throw new Error(`no active ${code} alert on ${deviceId}: ${JSON.stringify(list)}`);
    return alert;
  }
  async function signOff(date: string, kind: 'opening' | 'closing'): Promise<void> {
    const [checklist] = (await driven.checklists(manager, `branch=${BRANCH}&date=${date}`)).filter((c) => c.kind === kind);
    for (const item of checklist.items.filter((i: JsonBody) => i.mode === 'manual' && !i.done)) {
      expect((await manager.patch(`/api/checklists/${checklist.id}/items/${item.id}`, { done: true })).status).toBe(200);
    }
    const signed = await manager.post(`/api/checklists/${checklist.id}/sign-off`, {});
    if (signed.status !== 200) throw new Error(`sign-off ${date} ${kind}: ${signed.status} ${signed.text}`);
  }
  /** Publishes a status and waits, without moving the clock, until the centre has it live. */
  async function publish(deviceId: string, status: Record<string, unknown>): Promise<void> {
    await agent.status(deviceId, status);
    await eventually(async () => expect((await driven.device(deviceId)).state).toBe(status.state));
    await driven.driveTo(driven.clock.now());
  }
  /** The agent's will or birth, handled before the clock moves on. */
  async function agentOnline(online: boolean, send: () => Promise<unknown>): Promise<void> {
    await send();
    await eventually(async () => expect((await driven.admin.get(`/api/branches/${BRANCH}`)).body.agent.online).toBe(online));
  }
  /** A printer fault from `from` to `to`, acknowledged at `ackAt`. */
  async function fault(date: string, code: string, from: string, ackAt: string, to: string, counter: number): Promise<void> {
    await walkTo(at(date, from));
    await publish('TP-R', { ...printer('ok', counter), state: 'fault', faults: [code] });
    await walkTo(at(date, ackAt));
    const alert = await alertOf('TP-R', code);
    expect((await manager.post(`/api/alerts/${alert.id}/ack`, { note: '已通知维修' })).status).toBe(200);
    await walkTo(at(date, to));
    await publish('TP-R', printer('ok', counter));
    // The rule's clear delay (15 s) runs out; the clock moves on only once the alert is cleared.
    await eventually(async () => {
      await driven.driveTo(driven.clock.now() + 5_000);
      const list = (await driven.admin.get(`/api/alerts?branch=${BRANCH}&device=TP-R&state=cleared&limit=1000`)).body.items as JsonBody[];
      expect(list.some((a) => a.type === 'fault' && a.code === code)).toBe(true);
    });
  }

  beforeAll(async () => {
    driven = await new DrivenCentral(at(MON, '08:00')).start();
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00', '17:00']]));
    expect((await driven.admin.post('/api/branches', { id: BRANCH, name: '报表测试支行', openingHours: weekdays })).status).toBe(201);
    expect((await driven.admin.post('/api/branches', { id: OTHER, name: '另一支行', openingHours: weekdays })).status).toBe(201);
    agent = await DrivenAgent.connect(driven, BRANCH, DEVICES);
    await eventually(async () => expect((await driven.admin.get('/api/devices/ATM-R')).status).toBe(200));
    expect((await driven.admin.patch('/api/devices/TP-R', { name: '取号机 1' })).status).toBe(200);
    manager = await driven.central.user('mgr-rep', 'lobby-manager', [BRANCH]);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('rolls up a synthetic week and reports the hand-computed availability, failures, MTTA/MTTR and punctuality', async () => {
    // Open Mon–Fri 09:00–17:00 (8 h, 40 h in the week), closed at the weekend.
    await agent.status('TP-R', printer('ok', 1000));
    await agent.status('ATM-R', dispenser('up'));
    // Mon: opening and closing signed on time; a cutter fault 10:00–11:00, acknowledged after 20 min.
    await walkTo(at(MON, '08:45'));
    await signOff(MON, 'opening');
    await fault(MON, 'cutter-error', '10:00', '10:20', '11:00', 1100);
    await walkTo(at(MON, '16:00'));
    await agent.status('TP-R', printer('ok', 1200));
    await walkTo(at(MON, '17:15'));
    await signOff(MON, 'closing');
    // Tue: opening signed late (09:30), closing on time; the ATM does not answer 14:00–14:30; 300 tickets; a paper roll.
    await walkTo(at(TUE, '09:30'));
    await signOff(TUE, 'opening');
    await walkTo(at(TUE, '10:00'));
    await agent.status('TP-R', printer('ok', 1500));
    await walkTo(at(TUE, '12:00'));
    await agent.event('TP-R', 'paper.replaced');
    await walkTo(at(TUE, '14:00'));
    await agent.status('ATM-R', dispenser('down'));
    await walkTo(at(TUE, '14:30'));
    await agent.status('ATM-R', dispenser('up'));
    await walkTo(at(TUE, '17:15'));
    await signOff(TUE, 'closing');
    // Wed: opening on time, closing never signed; the branch's agent is silent 13:00–15:00 (no data, not down).
    await walkTo(at(WED, '08:45'));
    await signOff(WED, 'opening');
    await walkTo(at(WED, '13:00'));
    await agentOnline(false, () => agent.agent.raw(Topics.agentState(BRANCH), JSON.stringify({ online: false })));
    await walkTo(at(WED, '15:00'));
    await agentOnline(true, () => agent.agent.birth(DEVICES));
    // Thu: opening never signed, closing on time; a mechanical error 14:00–16:00, acknowledged after 40 min.
    await fault(THU, 'mechanical-error', '14:00', '14:40', '16:00', 1500);
    await walkTo(at(THU, '17:15'));
    await signOff(THU, 'closing');
    // Fri: both on time. Then the weekend, closed.
    await walkTo(at(FRI, '08:45'));
    await signOff(FRI, 'opening');
    // Fri 16:00 the paper runs low (still serving): a refill task stays open.
    await walkTo(at(FRI, '16:00'));
    await publish('TP-R', printer('low', 1500));
    await walkTo(at(FRI, '17:15'));
    await signOff(FRI, 'closing');
    await walkTo(at('2026-12-07', '00:30'));
    await driven.central.server.app.get(RollupJob).run();

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
    expect(lines).toContain('自动取款机 1,自动取款机,100.0%,100.0%,8.00,0.00,0.00,0,—,—');
    expect(lines).toContain('2,2,0,0,100.0%,' + lines[lines.indexOf('应做,按时,逾期完成,未完成,按时率,未完成工单,超时工单') + 1].split(',').slice(5).join(','));

    const html = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-12`, undefined, { accept: 'text/html' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(html.text).toContain('<html lang="zh-CN">');
    expect(html.text).toContain('设备月报');
    expect(html.text).toContain('@media print');
    expect(html.text).toContain('取号机 1');
    expect(html.text).toContain('自动取款机 1');
    for (const raw of [BRANCH, 'TP-R', 'ATM-R', 'ticket-printer', 'cash-dispenser']) expect([raw, html.text.includes(raw)]).toEqual([raw, false]);
    const english = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-12&lang=en`, undefined, { accept: 'text/html' });
    expect(english.text).toContain('Monthly equipment report');
    expect(english.text).toContain('<html lang="en">');
  });
});
