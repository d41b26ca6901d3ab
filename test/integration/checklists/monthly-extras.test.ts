import { MonthlyExtrasService } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(180_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'MX-1';
const at = (date: string, hhmm: string) => local(ZONE, date, hhmm);
const put = (client: HttpClient, url: string, body: unknown) => client.request('PUT', url, body);
const inNovember = (iso: string) => Date.parse(iso) >= at('2026-11-01', '00:00') && Date.parse(iso) < at('2026-12-01', '00:00');

/**
 * The monthly report's added figures over a synthetic November driven on the clock: tickets,
 * before-opening tickets and work logs computed by hand; incidents and task deadlines as the
 * alerts and tasks APIs show them to the branch head.
 */
describe.each(CHECKLIST_ENGINES)(`${MonthlyExtrasService.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let head: HttpClient;
  let fixer: HttpClient;
  let fixedTask: string;
  let leftTask: string;

  async function send(date: string, hhmm: string, body: Record<string, unknown>): Promise<void> {
    driven.clock.set(at(date, hhmm));
    await agent.status('TP-M', body);
  }
  /** Steps the clock a minute at a time until the fault's task is opened; its id. */
  async function taskFor(code: string): Promise<string> {
    for (let i = 0; i < 30; i++) {
      await driven.driveTo(driven.clock.now() + 60_000);
      const tasks = (await manager.get(`/api/tasks?branch=${BRANCH}&limit=1000`)).body.items as JsonBody[];
      const alerts = (await manager.get(`/api/alerts?branch=${BRANCH}&limit=1000`)).body.items as JsonBody[];
      const alert = alerts.find((a) => a.code === code);
      const task = alert && tasks.find((t) => t.alertIds.includes(alert.id));
      if (task) return task.id as string;
    }
    throw new Error(`no task for ${code} within 30 minutes`);
  }

  beforeAll(async () => {
    driven = await new DrivenCentral(at('2026-11-02', '07:30'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '月报支行', openingHours: { mon: ['09:00', '17:00'], tue: ['09:00', '17:00'], wed: ['09:00', '17:00'], thu: ['09:00', '17:00'], fri: ['09:00', '17:00'] } });
    manager = await driven.central.user('mx-manager', 'lobby-manager', [BRANCH]);
    head = await driven.central.user('mx-head', 'branch-head', [BRANCH]);
    fixer = await driven.central.user('mx-fixer', 'maintenance', [BRANCH]);
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: 'TP-M', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-M')).status).toBe(200));

    // Monday 2 November: 50 tickets, 1 before opening; a cutter fault fixed within its deadlines.
    await send('2026-11-02', '08:00', printer('ok', 1000));
    await send('2026-11-02', '08:55', printer('ok', 1001));
    await send('2026-11-02', '10:10', printer('ok', 1030));
    await send('2026-11-02', '10:30', { ...printer('ok', 1030), state: 'fault', faults: ['cutter-error'] });
    fixedTask = await taskFor('cutter-error');
    expect((await manager.patch(`/api/tasks/${fixedTask}`, { assignee: 'mx-fixer' })).status).toBe(200);
    expect((await fixer.patch(`/api/tasks/${fixedTask}`, { status: 'in-progress' })).status).toBe(200);
    expect((await fixer.patch(`/api/tasks/${fixedTask}`, { status: 'resolved', note: '更换切刀' })).status).toBe(200);
    await send('2026-11-02', '11:00', printer('ok', 1030));
    await send('2026-11-02', '14:20', printer('ok', 1050));
    await send('2026-11-02', '17:30', { kind: 'ticket-printer', link: 'up', state: 'power-off', faults: [] }); // switched off after closing

    // Tuesday 10 November: 30 tickets; a mechanical fault nobody takes up.
    await send('2026-11-10', '08:00', printer('ok', 1050));
    await send('2026-11-10', '09:30', printer('ok', 1070));
    await send('2026-11-10', '15:00', printer('ok', 1080));
    await send('2026-11-10', '15:30', { ...printer('ok', 1080), state: 'fault', faults: ['mechanical-error'] });
    leftTask = await taskFor('mechanical-error');

    // Work logs: the 2nd reviewed, the 3rd submitted, the 4th a draft.
    for (const date of ['2026-11-02', '2026-11-03', '2026-11-04']) expect((await put(manager, `/api/branches/${BRANCH}/work-log/${date}`, { situation: `${date} 情况正常` })).status).toBe(200);
    for (const date of ['2026-11-02', '2026-11-03']) expect((await manager.post(`/api/branches/${BRANCH}/work-log/${date}/submit`, {})).status).toBe(200);
    expect((await head.post(`/api/branches/${BRANCH}/work-log/2026-11-02/review`, { comment: '已阅' })).status).toBe(200);

    driven.clock.set(at('2026-12-01', '10:00'));
    await driven.settle();
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('reports tickets, work logs, incidents and kept deadlines that match the month', async () => {
    const report = await head.get(`/api/reports/monthly?branch=${BRANCH}&month=2026-11`);
    expect(report.status).toBe(200);
    const extras = report.body.extras;
    // By hand: 50 + 30 tickets on two days, 1 before opening; 21 weekdays from 2 to 30 November.
    expect(extras.customerFlow).toEqual({ total: 80, beforeOpening: 1, daysWithTickets: 2, perDay: 40, busiestDay: { date: '2026-11-02', total: 50 } });
    expect(extras.workLogs).toEqual({ openDays: 21, written: 3, submitted: 2, reviewed: 1 });

    // Incidents and tasks as the branch head sees them through the API.
    const alerts = ((await head.get(`/api/alerts?branch=${BRANCH}&limit=1000`)).body.items as JsonBody[]).filter((a) => inNovember(a.raisedAt));
    const bySeverity = Object.fromEntries(['critical', 'major', 'minor', 'warning'].map((s) => [s, alerts.filter((a) => a.severity === s).length]));
    expect(extras.incidents).toEqual({ total: alerts.length, bySeverity, acknowledged: alerts.filter((a) => a.ackedBy).length });
    expect(alerts.some((a) => a.code === 'cutter-error') && alerts.some((a) => a.code === 'mechanical-error')).toBe(true);

    const kept = (t: JsonBody, to: string[], due: string) => t.history.some((h: JsonBody) => h.from !== null && to.includes(h.to) && Date.parse(h.at) <= Date.parse(due));
    const responded = (t: JsonBody) => kept(t, ['assigned', 'in-progress', 'resolved', 'closed', 'cancelled'], t.responseDueAt);
    const resolved = (t: JsonBody) => kept(t, ['resolved'], t.resolveDueAt);
    // The report and the task list read at one moment: a task the jump to December auto-resolves
    // may land between two reads, so both are read again until they agree (bounded).
    await eventually(async () => {
      const tasks = (await head.get(`/api/tasks?branch=${BRANCH}&limit=1000`)).body.items as JsonBody[];
      const month = (await head.get(`/api/reports/monthly?branch=${BRANCH}&month=2026-11`)).body.extras;
      expect(responded(tasks.find((t) => t.id === fixedTask)) && resolved(tasks.find((t) => t.id === fixedTask))).toBe(true);
      expect(responded(tasks.find((t) => t.id === leftTask)) || resolved(tasks.find((t) => t.id === leftTask))).toBe(false);
      expect(month.tasks).toMatchObject({
        opened: tasks.length,
        resolved: tasks.filter((t) => t.history.some((h: JsonBody) => h.to === 'resolved')).length,
        responseKept: tasks.filter(responded).length,
        resolveKept: tasks.filter(resolved).length,
      });
    }, 10_000);
  });

  it('prints the figures on the monthly page and in the CSV, in Chinese', async () => {
    const csv = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11`, undefined, { accept: 'text/csv' });
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain('取号合计,营业前取号,有取号的天数,日均取号,取号最多的一天');
    expect(lines).toContain('80,1,2,40,2026-11-02（50 张）');
    expect(lines).toContain('营业天数,已填写,已提交,已批阅');
    expect(lines).toContain('21,3,2,1');
    const html = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11`, undefined, { accept: 'text/html' });
    for (const heading of ['设备事件（告警）', '工单及时限', '客流（取号机取号数）', '大堂经理工作日志']) expect(html.text).toContain(`<h2>${heading}</h2>`);
    expect(html.text).toContain('<td>21</td><td>3</td><td>2</td><td>1</td>');
  });

  it('prints the Chinese page and CSV with no English word or code a user did not type', async () => {
    const html = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11`, undefined, { accept: 'text/html' });
    const csv = await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11`, undefined, { accept: 'text/csv' });
    expect([html.status, csv.status]).toEqual([200, 200]);
    const visible = html.text.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');
    for (const text of [visible, csv.text]) {
      expect(text).toContain('重要');
      expect(text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []).toEqual([]);
    }
  });

  it("prints the page in the reader's own language unless `lang` says otherwise", async () => {
    const page = async (query = '') => (await head.request('GET', `/api/reports/monthly?branch=${BRANCH}&month=2026-11${query}`, undefined, { accept: 'text/html' })).text;
    expect((await driven.admin.patch('/api/users/mx-head', { locale: 'en' })).status).toBe(200);
    try {
      const english = await page();
      for (const heading of ['Monthly equipment report', 'Incidents (alerts)', 'Tasks and deadlines', 'Customer flow (tickets issued)', 'Lobby manager work logs']) expect(english).toContain(heading);
      expect(english).not.toMatch(/设备月报|工单及时限/);
      expect(await page('&lang=zh')).toContain('<h2>工单及时限</h2>');
    } finally {
      expect((await driven.admin.patch('/api/users/mx-head', { locale: 'zh-CN' })).status).toBe(200);
    }
    expect(await page()).toContain('<h1>设备月报</h1>');
  });
});
