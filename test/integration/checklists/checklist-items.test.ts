import { ChecklistEvaluator } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, HookReceiver, lightBox, local, printer, receiptBox, CHECKLIST_ENGINES } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BJ = 'BJ-ITEMS';
const OTHER = 'BJ-OTHER';
const at = (hhmm: string) => local(ZONE, '2026-11-30', hhmm);
const item = (checklist: JsonBody, id: string): JsonBody => checklist.items.find((i: JsonBody) => i.id === id);

describe.each(CHECKLIST_ENGINES)(`${ChecklistEvaluator.name} on $name`, ({ database }) => {
    let driven: DrivenCentral;
    let agent: DrivenAgent;
    let manager: HttpClient;
    let head: HttpClient;
    let otherManager: HttpClient;
    let maintenance: HttpClient;
    let headHook: HookReceiver;
    let managerHook: HookReceiver;

    const opening = async (client: HttpClient = manager) => (await driven.checklists(client, `branch=${BJ}&date=2026-11-30&kind=opening`))[0];
    const closing = async () => (await driven.checklists(manager, `branch=${BJ}&date=2026-11-30&kind=closing`))[0];
    const alerts = async (query: string) => ((await driven.admin.get(`/api/alerts?${query}`)).body.items ?? []) as JsonBody[];

    beforeAll(async () => {
      driven = await new DrivenCentral(at('08:00'), database).start();
      await driven.admin.post('/api/branches', { id: BJ, name: '北京测试支行', location: { lat: 39.92, lon: 116.44 } });
      await driven.admin.post('/api/branches', { id: OTHER, name: '另一支行' });
      agent = await DrivenAgent.connect(driven, BJ, [
        { id: 'TP-1', kind: 'ticket-printer' },
        { id: 'LB-1', kind: 'light-box' },
        { id: 'RB-1', kind: 'receipt-box' },
      ]);
      await eventually(async () => expect((await driven.admin.get('/api/devices/LB-1')).status).toBe(200));
      // Lit only in the evening: by day and at closing (17:00) it should be dark.
      await driven.admin.patch('/api/devices/LB-1', { settings: { lightSchedule: { on: '18:30', off: '22:00' } } });
      await agent.status('TP-1', printer('ok', 100));
      await agent.status('LB-1', lightBox(false, 0));
      await agent.status('RB-1', receiptBox(1000));
      await eventually(async () => expect((await driven.device('RB-1')).state).toBe('ok'));
      manager = await driven.central.user('mgr-bj', 'lobby-manager', [BJ]);
      head = await driven.central.user('head-bj', 'branch-head', [BJ]);
      otherManager = await driven.central.user('mgr-other', 'lobby-manager', [OTHER]);
      maintenance = await driven.central.user('fix-bj', 'maintenance', [BJ]);
      headHook = await new HookReceiver().start();
      managerHook = await new HookReceiver().start();
      await driven.admin.post('/api/webhooks', { url: headHook.url, format: 'json', roles: ['branch-head'], branches: [BJ] });
      await driven.admin.post('/api/webhooks', { url: managerHook.url, format: 'json', roles: ['lobby-manager'], branches: [BJ] });
    });
    afterAll(async () => {
      await agent?.end();
      await headHook?.stop();
      await managerHook?.stop();
      await driven?.stop();
    });

    it('generates the opening checklist with auto items already checked from live state', async () => {
      await driven.driveTo(at('08:30'));
      const checklist = await opening();
      expect(checklist).toMatchObject({ branchId: BJ, kind: 'opening', date: '2026-11-30', complete: false, dueAt: new Date(at('08:30')).toISOString() });
      for (const id of ['device-ok.TP-1', 'paper.TP-1', 'device-ok.RB-1', 'paper.RB-1', 'ribbon.RB-1', 'switched-on.RB-1', 'lamp.LB-1']) {
        expect(item(checklist, id)).toMatchObject({ mode: 'auto', done: true, doneBy: 'system' });
      }
      expect(item(checklist, 'paper.TP-1').title).toBe('取号机 TP-1 纸量够用');
      expect(item(checklist, 'hall-clean')).toMatchObject({ mode: 'manual', done: false, title: '大厅整洁明亮' });
    });

    it('unticks the paper item when the printer runs out, links the paper-out alert, and ticks it again on a new roll', async () => {
      await agent.status('TP-1', printer('out', 150));
      await eventually(async () => expect(item(await opening(), 'paper.TP-1')).toMatchObject({ done: false, reason: '缺纸' }));
      // The alert may follow the change after its raise delay: the scheduler's rounds link it.
      await eventually(async () => {
        await driven.driveTo(driven.clock.now() + 60_000);
        const [paperOut] = await alerts(`branch=${BJ}&device=TP-1&state=active`).then((list) => list.filter((a) => a.type === 'paper-out'));
        expect(paperOut).toBeDefined();
        expect(item(await opening(), 'paper.TP-1').alertId).toBe(paperOut!.id);
      });
      expect(item(await opening(), 'device-ok.TP-1').done).toBe(false);

      await agent.status('TP-1', printer('ok', 150));
      await eventually(async () => {
        const paper = item(await opening(), 'paper.TP-1');
        expect(paper).toMatchObject({ done: true, doneBy: 'system' });
        expect(paper.alertId).toBeUndefined();
        expect(paper.reason).toBeUndefined();
      });
    });

    it('records who ticked a manual item and when; refuses auto items, read-only roles and other branches', async () => {
      const checklist = await opening();
      const tick = await manager.patch(`/api/checklists/${checklist.id}/items/lobby-pcs`, { done: true, note: '3 台电脑已开机' });
      expect(tick.status).toBe(200);
      expect(item(tick.body, 'lobby-pcs')).toMatchObject({ done: true, doneBy: 'mgr-bj', doneAt: new Date(driven.clock.now()).toISOString(), note: '3 台电脑已开机' });
      const auto = await manager.patch(`/api/checklists/${checklist.id}/items/paper.TP-1`, { done: true });
      expect(auto.status).toBe(409);
      expect(auto.body.message).toMatch(/automatically/);
      expect((await head.patch(`/api/checklists/${checklist.id}/items/pens`, { done: true })).status).toBe(403);
      expect((await otherManager.patch(`/api/checklists/${checklist.id}/items/pens`, { done: true })).status).toBe(404);
      expect((await otherManager.get(`/api/checklists/${checklist.id}`)).status).toBe(404);
      expect(await driven.checklists(otherManager, `branch=${BJ}`)).toEqual([]);
      expect((await maintenance.get('/api/checklists')).status).toBe(403);
      expect((await manager.patch(`/api/checklists/${checklist.id}/items/no-such-item`, { done: true })).status).toBe(404);
      expect((await manager.patch(`/api/checklists/${checklist.id}/items/pens`, { done: 'yes' })).status).toBe(400);
      expect((await head.get(`/api/checklists/${checklist.id}`)).body.items).toHaveLength(checklist.items.length);
    });

    it('alerts the branch head when the opening checklist is not complete at opening, and clears it on sign-off', async () => {
      await driven.driveTo(at('08:59'));
      expect(await alerts(`branch=${BJ}&state=active`).then((list) => list.filter((a) => a.type === 'checklist-overdue'))).toEqual([]);
      await driven.driveTo(at('09:00'));
      const [overdue] = await alerts(`branch=${BJ}&state=active`).then((list) => list.filter((a) => a.type === 'checklist-overdue'));
      expect(overdue).toMatchObject({ branchId: BJ, deviceId: null, code: 'opening', message: expect.stringContaining('营业前检查') });
      expect(await opening(head)).toMatchObject({ overdue: true, complete: false });
      // The branch head is told (a webhook for that role), the lobby managers' receiver is not.
      const aboutChecklist = (hook: HookReceiver) => hook.received.filter((n) => n.branchId === BJ && n.deviceId == null && String(n.text).includes('营业前检查'));
      await eventually(async () => {
        await driven.driveTo(driven.clock.now() + 1_000);
        expect(aboutChecklist(headHook)).toEqual([expect.objectContaining({ kind: 'alert.raised' })]);
      });
      expect(aboutChecklist(managerHook)).toEqual([]);

      const checklist = await opening();
      const early = await manager.post(`/api/checklists/${checklist.id}/sign-off`, {});
      expect(early.status).toBe(409);
      expect(early.body.message).toMatch(/^还有手工项目未勾选：.*填单台凭条、样单齐全/); // the items by their titles, not their ids
      for (const manual of checklist.items.filter((i: JsonBody) => i.mode === 'manual' && !i.done)) {
        expect((await manager.patch(`/api/checklists/${checklist.id}/items/${manual.id}`, { done: true })).status).toBe(200);
      }
      const signed = await manager.post(`/api/checklists/${checklist.id}/sign-off`, { note: '开门前检查完毕' });
      expect(signed.status).toBe(200);
      expect(signed.body).toMatchObject({ complete: true, overdue: false, signedOffBy: 'mgr-bj', signedOffAt: new Date(driven.clock.now()).toISOString() });
      await eventually(async () => expect((await alerts(`branch=${BJ}&state=cleared`)).some((a) => a.id === overdue.id)).toBe(true));
      expect((await manager.post(`/api/checklists/${checklist.id}/sign-off`, {})).status).toBe(409);
      expect((await manager.patch(`/api/checklists/${checklist.id}/items/pens`, { done: false })).status).toBe(409);

      // Signed off: the result is frozen, whatever the devices do next.
      await agent.status('TP-1', printer('out', 160));
      await driven.driveTo(at('09:05'));
      expect(item(await opening(), 'paper.TP-1').done).toBe(true);
      await agent.status('TP-1', printer('ok', 160));
    });

    it('runs the closing checklist: light-box switch test through the command, printer switched off', async () => {
      await driven.driveTo(at('17:00'));
      const checklist = await closing();
      expect(checklist.items.map((i: JsonBody) => i.id)).toEqual(['powered-off.TP-1', 'lamp-check.LB-1', 'devices-clean', 'forms-restocked', 'posters-current']);
      expect(item(checklist, 'powered-off.TP-1')).toMatchObject({ done: false, reason: '设备仍在运行：请关机' });
      // The dark light box was switched on through its command to see it light …
      await eventually(() => expect(agent.commands).toEqual(expect.arrayContaining([expect.objectContaining({ deviceId: 'LB-1', action: 'lamp.on' })])));
      expect(item(checklist, 'lamp-check.LB-1').done).toBe(false);
      await agent.status('LB-1', lightBox(true, 420));
      await eventually(async () => expect(item(await closing(), 'lamp-check.LB-1')).toMatchObject({ done: true }));
      // … and, its schedule saying dark until 18:30, switched off again.
      await eventually(() => expect(agent.commands).toEqual(expect.arrayContaining([expect.objectContaining({ deviceId: 'LB-1', action: 'lamp.off' })])));
      await agent.status('TP-1', { ...printer('ok', 160), state: 'power-off' });
      await eventually(async () => expect(item(await closing(), 'powered-off.TP-1').done).toBe(true));
    });
});
