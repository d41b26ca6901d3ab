import { ManualRefills } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, printer, CHECKLIST_ENGINES } from '../checklists/support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'MR-1';
const TP = 'TP-MR';
const ROLL = 300;
const at = (date: string, hhmm: string) => local(ZONE, date, hhmm);

describe.each(CHECKLIST_ENGINES)(`${ManualRefills.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let otherManager: HttpClient;

  const paperItem = async () => {
    const [checklist] = await driven.checklists(manager, `branch=${BRANCH}&date=2026-11-30&kind=opening`);
    return checklist.items.find((i: JsonBody) => i.id === `paper.${TP}`);
  };

  beforeAll(async () => {
    driven = await new DrivenCentral(at('2026-11-09', '12:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '换纸测试支行' });
    await driven.admin.post('/api/branches', { id: 'MR-OTHER', name: '另一支行' });
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: TP, kind: 'ticket-printer' }]);
    await eventually(async () => expect((await driven.admin.get(`/api/devices/${TP}`)).status).toBe(200));
    expect((await driven.admin.patch(`/api/devices/${TP}`, { settings: { paperRollCapacity: ROLL, usagePerOpenHour: 20 } })).status).toBe(200);
    manager = await driven.central.user('mgr-mr', 'lobby-manager', [BRANCH]);
    otherManager = await driven.central.user('mgr-mr-other', 'lobby-manager', ['MR-OTHER']);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('counts down a roll the printer reported loaded', async () => {
    // Three weeks ago a roll was loaded (the printer's own event); since then 250 tickets, no near-end yet.
    await agent.status(TP, printer('ok', 5000));
    await agent.event(TP, 'paper.replaced', {});
    await driven.driveTo(at('2026-11-30', '08:30')); // a Monday, before opening
    await agent.status(TP, printer('ok', 5250));
    await eventually(async () => expect((await driven.device(TP)).forecast.paper).toMatchObject({ remaining: ROLL - 250, capacity: ROLL }));
    await driven.scheduler.tick();
    // 50 tickets at 20 an hour: gone by 11:30, so the opening check fails.
    expect(await paperItem()).toMatchObject({ done: false, reasons: { zh: '预计 11:30 左右纸用完：开门前装新纸卷' } });
  });

  it('已换纸 by the lobby manager resets the forecast to a full roll, re-checks the item and shows in the history', async () => {
    const response = await manager.post(`/api/devices/${TP}/consumables/paper/refilled`, { note: '开门前换了新纸卷' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ deviceId: TP, branchId: BRANCH, consumable: 'paper', title: '已换纸', by: 'mgr-mr', note: '开门前换了新纸卷' });
    expect(response.body.forecast.paper).toMatchObject({ remaining: ROLL, capacity: ROLL });
    expect((await driven.device(TP)).forecast.paper).toMatchObject({ remaining: ROLL });
    // Re-checked at once, with no word from the device.
    expect(await paperItem()).toMatchObject({ done: true, doneBy: 'system' });

    // Ten more tickets count from the new roll.
    driven.clock.set(at('2026-11-30', '08:31'));
    await agent.status(TP, printer('ok', 5260));
    await eventually(async () => expect((await driven.device(TP)).forecast.paper).toMatchObject({ remaining: ROLL - 10 }));
    // The lobby manager also resets the printer's cut counter: it counts from zero, still on the new roll.
    const reset = await manager.post(`/api/devices/${TP}/commands`, { action: 'counter.reset' });
    expect(reset.status).toBe(202);
    await eventually(() => expect(agent.commands).toEqual(expect.arrayContaining([expect.objectContaining({ deviceId: TP, action: 'counter.reset' })])));
    driven.clock.set(at('2026-11-30', '08:32'));
    await agent.status(TP, printer('ok', 4));
    await eventually(async () => expect((await driven.device(TP)).forecast.paper).toMatchObject({ remaining: ROLL - 14 }));

    const history = await manager.get(`/api/devices/${TP}/history?from=${new Date(at('2026-11-30', '00:00')).toISOString()}`);
    expect(history.body.events).toEqual([expect.objectContaining({ type: 'paper.replaced', data: { source: 'manual', by: 'mgr-mr', note: '开门前换了新纸卷', counter: 5250 } })]);
    const audit = await driven.admin.get(`/api/audit?action=consumable.refilled`);
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: 'mgr-mr', targetId: TP, details: expect.objectContaining({ consumable: 'paper' }) })]);
  });

  it('refuses what cannot be recorded and changes nothing', async () => {
    const events = async () => (await driven.admin.get(`/api/devices/${TP}/history?from=${new Date(at('2026-11-30', '00:00')).toISOString()}`)).body.events.length;
    const before = await events();
    expect((await otherManager.post(`/api/devices/${TP}/consumables/paper/refilled`, {})).status).toBe(404);
    expect((await manager.post(`/api/devices/${TP}/consumables/ribbon/refilled`, {})).status).toBe(400);
    expect((await manager.post(`/api/devices/${TP}/consumables/toner/refilled`, {})).status).toBe(400);
    expect((await manager.post(`/api/devices/${TP}/consumables/paper/refilled`, { note: 'x'.repeat(501) })).status).toBe(400);
    expect((await manager.post(`/api/devices/${TP}/consumables/paper/refilled`, { by: 'someone-else' })).status).toBe(400);
    expect((await manager.post(`/api/devices/NOPE/consumables/paper/refilled`, {})).status).toBe(404);
    expect(await events()).toBe(before);
  });
});
