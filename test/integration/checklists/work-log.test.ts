import { DataSource } from 'typeorm';
import { WorkLogService } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'WL-1';
const OTHER = 'WL-2';
const DATE = '2026-11-30';
const at = (hhmm: string) => local(ZONE, DATE, hhmm);
const path = (branch = BRANCH, date = DATE) => `/api/branches/${branch}/work-log/${date}`;
const put = (client: HttpClient, url: string, body: unknown) => client.request('PUT', url, body);
const written = { situation: '上午客流较大，取号机 10 点卡纸一次，已处理。', problems: '取号机切刀故障', suggestions: '备用纸卷放在取号机旁', onDuty: ['张三', '李四'] };

/**
 * The lobby manager's work log (大堂经理工作日志) over HTTP: written, submitted, reviewed (批阅) by
 * the branch head and then locked; the day's incident shows what was done about it; other
 * branches' users never see it; every change is in the audit log.
 */
describe.each(CHECKLIST_ENGINES)(`${WorkLogService.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let head: HttpClient;
  let maintenance: HttpClient;
  let otherManager: HttpClient;
  let otherHead: HttpClient;

  beforeAll(async () => {
    driven = await new DrivenCentral(at('08:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '日志支行', openingHours: { mon: ['09:00', '17:00'] } });
    await driven.admin.post('/api/branches', { id: OTHER, name: '另一支行' });
    manager = await driven.central.user('wl-manager', 'lobby-manager', [BRANCH]);
    head = await driven.central.user('wl-head', 'branch-head', [BRANCH]);
    maintenance = await driven.central.user('wl-fixer', 'maintenance', [BRANCH]);
    otherManager = await driven.central.user('wl-other', 'lobby-manager', [OTHER]);
    otherHead = await driven.central.user('wl-other-head', 'branch-head', [OTHER]);
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: 'TP-W', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-W')).status).toBe(200));
    await agent.status('TP-W', printer('ok', 100));
    // 10:00 the cutter jams: an alert and a repair task; the manager acknowledges it, maintenance fixes it.
    await driven.driveTo(at('10:00'));
    await agent.status('TP-W', { ...printer('ok', 120), state: 'fault', faults: ['cutter-error'] });
    for (let t = at('10:00'); t <= at('10:30'); t += 60_000) await driven.driveTo(t);
    const alert = await eventually(async () => {
      const found = (await manager.get(`/api/alerts?branch=${BRANCH}`)).body.items.find((a: JsonBody) => a.code === 'cutter-error');
      expect(found).toBeDefined();
      return found;
    }, 30_000);
    expect((await manager.post(`/api/alerts/${alert.id}/ack`, { note: '已通知维修' })).status).toBe(200);
    const task = await eventually(async () => {
      const found = (await manager.get(`/api/tasks?branch=${BRANCH}`)).body.items.find((k: JsonBody) => k.kind === 'repair');
      expect(found).toBeDefined();
      return found;
    }, 30_000);
    expect((await manager.patch(`/api/tasks/${task.id}`, { assignee: 'wl-fixer' })).status).toBe(200);
    expect((await maintenance.patch(`/api/tasks/${task.id}`, { status: 'in-progress' })).status).toBe(200);
    expect((await maintenance.patch(`/api/tasks/${task.id}`, { status: 'resolved', note: '更换切刀' })).status).toBe(200);
    await driven.driveTo(at('17:30'));
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('is written and submitted by the lobby manager, reviewed by the branch head, and then locked', async () => {
    expect((await manager.get(path())).body).toMatchObject({ status: 'empty', locked: false, situation: '' });
    // Submitting nothing, or reviewing a draft, is a conflict.
    expect((await manager.post(`${path()}/submit`, {})).status).toBe(409);
    const draft = await put(manager, path(), written);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ ...written, status: 'draft', writtenBy: 'wl-manager' });
    expect((await head.post(`${path()}/review`, { comment: '阅' })).status).toBe(409);

    const submitted = await manager.post(`${path()}/submit`, {});
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedBy: 'wl-manager', locked: false });
    // Still corrected before the review.
    expect((await put(manager, path(), { ...written, suggestions: '备用纸卷放在取号机旁；增加一名引导员' })).body).toMatchObject({ status: 'submitted', suggestions: '备用纸卷放在取号机旁；增加一名引导员' });

    const reviewed = await head.post(`${path()}/review`, { comment: '同意，备用纸卷由后勤采购。' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'reviewed', locked: true, reviewedBy: 'wl-head', reviewComment: '同意，备用纸卷由后勤采购。' });

    // Locked: no more edits, submits or reviews, and nothing changes.
    expect((await put(manager, path(), { ...written, situation: '改写' })).status).toBe(409);
    expect((await put(driven.admin, path(), { ...written, situation: '改写' })).status).toBe(409);
    expect((await manager.post(`${path()}/submit`, {})).status).toBe(409);
    expect((await head.post(`${path()}/review`, { comment: '再阅' })).status).toBe(409);
    const rows = await driven.central.server.app.get(DataSource).query(`SELECT status, situation, review_comment FROM work_log WHERE branch_id = '${BRANCH}' AND date = '${DATE}'`);
    expect(rows).toEqual([{ status: 'reviewed', situation: written.situation, review_comment: '同意，备用纸卷由后勤采购。' }]);
  });

  it('lists the day’s incidents with what was done about each', async () => {
    const log = (await maintenance.get(path())).body;
    const cutter = log.incidents.find((i: JsonBody) => i.code === 'cutter-error');
    expect(cutter).toMatchObject({ deviceId: 'TP-W', ack: { by: 'wl-manager', note: '已通知维修' }, task: { assignee: 'wl-fixer', status: 'resolved', resolutionNote: '更换切刀' } });
  });

  it('keeps roles and branches apart: others read, only the lobby manager writes, only the branch head reviews', async () => {
    const other = path(BRANCH, '2026-11-29');
    expect((await put(head, other, written)).status).toBe(403);
    expect((await put(maintenance, other, written)).status).toBe(403);
    expect((await manager.post(`${other}/review`, { comment: '阅' })).status).toBe(403);
    // Another branch's manager and head: the branch does not exist for them.
    expect((await otherManager.get(path())).status).toBe(404);
    expect((await put(otherManager, other, written)).status).toBe(404);
    expect((await otherHead.post(`${path()}/review`, { comment: '阅' })).status).toBe(404);
    expect((await maintenance.get(path())).status).toBe(200);
    expect((await manager.get(other)).body.status).toBe('empty');
  });

  it('refuses hostile input with 400 and changes nothing', async () => {
    const day = path(BRANCH, '2026-11-28');
    for (const [url, body] of [
      [day, { ...written, extra: 1 }],
      [day, { situation: 'x'.repeat(4001) }],
      [day, { onDuty: 'everyone' }],
      [path(BRANCH, '2026-02-30'), written],
      [path(BRANCH, 'today'), written],
      [path(BRANCH, '2026-12-01'), written], // a future day
    ] as const) {
      const response = await put(manager, url, body);
      expect([url, response.status]).toEqual([url, 400]);
    }
    expect((await manager.get(day)).body.status).toBe('empty');
    expect((await head.post(`${path()}/review`, {})).status).toBe(400);
  });

  it('records every change in the audit log', async () => {
    const actions = ((await driven.admin.get('/api/audit?limit=1000')).body.items as JsonBody[]).filter((e) => e.targetType === 'work-log' && e.branchId === BRANCH).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['wl-manager work-log.write', 'wl-manager work-log.submit', 'wl-head work-log.review']));
  });
});
