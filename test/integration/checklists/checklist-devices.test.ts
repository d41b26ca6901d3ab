import { ChecklistDeviceSync } from '@lobby/checklists';
import { JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, printer, receiptBox } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const DATE = '2026-11-30'; // a Monday
const EARLY = 'SYNC-EARLY';
const LATE = 'SYNC-LATE';
const at = (hhmm: string) => local(ZONE, DATE, hhmm);
const item = (checklist: JsonBody, id: string): JsonBody => checklist.items.find((i: JsonBody) => i.id === id);

/** The devices of a branch, ids prefixed with the branch's short name. */
const devicesOf = (prefix: string) => [
  { id: `${prefix}-TP1`, kind: 'ticket-printer', name: '取号机 1' },
  { id: `${prefix}-TP2`, kind: 'ticket-printer', name: '取号机 2' },
  { id: `${prefix}-RB1`, kind: 'receipt-box', name: '回单箱' },
];

/** A checklist's items with the branch prefix taken out of ids: two branches' checklists compare equal. */
const shape = (checklist: JsonBody, prefix: string) =>
  (checklist.items as JsonBody[]).map((i) => ({ id: String(i.id).replace(`${prefix}-`, ''), mode: i.mode, title: i.title, done: i.done, deviceId: i.deviceId ? String(i.deviceId).replace(`${prefix}-`, '') : undefined }));

describe(ChecklistDeviceSync.name, () => {
  let driven: DrivenCentral;
  const agents: DrivenAgent[] = [];

  const opening = async (branch: string) => (await driven.checklists(driven.admin, `branch=${branch}&date=${DATE}&kind=opening`))[0];
  const live = async (agent: DrivenAgent, prefix: string) => {
    await agent.status(`${prefix}-TP1`, printer('ok', 100));
    await agent.status(`${prefix}-TP2`, printer('out', 400));
    await agent.status(`${prefix}-RB1`, receiptBox(1000));
  };

  beforeAll(async () => {
    driven = await new DrivenCentral(at('08:00')).start();
    await driven.admin.post('/api/branches', { id: EARLY, name: '早生成支行' });
    await driven.admin.post('/api/branches', { id: LATE, name: '晚生成支行' });
    // LATE's agent is born before its checklist is generated: the reference.
    const late = await DrivenAgent.connect(driven, LATE, devicesOf('L'));
    agents.push(late);
    await eventually(async () => expect((await driven.admin.get('/api/devices/L-RB1')).status).toBe(200));
    await live(late, 'L');
    await driven.settle();
  });
  afterAll(async () => {
    for (const agent of agents) await agent.end();
    await driven?.stop();
  });

  it('gives a checklist generated before the birth the device items, ticked from live state, as if generated after', async () => {
    await driven.driveTo(at('08:30'));
    const before = await opening(EARLY);
    expect(before.items.filter((i: JsonBody) => i.mode === 'auto')).toEqual([]);

    const early = await DrivenAgent.connect(driven, EARLY, devicesOf('E'));
    agents.push(early);
    await eventually(async () => expect((await driven.admin.get('/api/devices/E-RB1')).status).toBe(200));
    await live(early, 'E');

    await eventually(async () => {
      const checklist = await opening(EARLY);
      expect(item(checklist, 'device-ok.E-TP1')).toMatchObject({ mode: 'auto', done: true, doneBy: 'system', title: expect.stringContaining('取号机 1') });
      expect(item(checklist, 'paper.E-RB1')).toMatchObject({ done: true });
      expect(item(checklist, 'paper.E-TP2')).toMatchObject({ done: false, reason: '缺纸' });
    });
    // The failure links the alert behind it, as on a checklist generated after the birth.
    await eventually(async () => {
      await driven.driveTo(driven.clock.now() + 60_000);
      const alerts = (await driven.admin.get(`/api/alerts?branch=${EARLY}&device=E-TP2&state=active`)).body.items as JsonBody[];
      const paperOut = alerts.find((a) => a.type === 'paper-out');
      expect(paperOut).toBeDefined();
      expect(item(await opening(EARLY), 'paper.E-TP2').alertId).toBe(paperOut!.id);
    });
    await eventually(async () => expect(shape(await opening(EARLY), 'E')).toEqual(shape(await opening(LATE), 'L')));
  });

  it('drops the items of a device missing from a later birth or decommissioned, before the due time', async () => {
    const [early] = agents.slice(-1);
    await early.agent.birth(devicesOf('E').filter((d) => d.id !== 'E-TP2'));
    await eventually(async () => {
      const checklist = await opening(EARLY);
      expect(checklist.items.filter((i: JsonBody) => i.deviceId === 'E-TP2')).toEqual([]);
      expect(item(checklist, 'device-ok.E-TP1')).toBeDefined();
    });
    expect((await driven.admin.patch('/api/devices/E-RB1', { decommissioned: true })).status).toBe(200);
    await eventually(async () => expect((await opening(EARLY)).items.filter((i: JsonBody) => i.deviceId === 'E-RB1')).toEqual([]));
    // A new name reaches the titles too.
    expect((await driven.admin.patch('/api/devices/E-TP1', { name: '大厅取号机' })).status).toBe(200);
    await eventually(async () => expect(item(await opening(EARLY), 'device-ok.E-TP1').title).toContain('大厅取号机'));
  });

  it('leaves a checklist past its due time as it was checked', async () => {
    await driven.driveTo(at('17:00'));
    const frozen = await opening(EARLY);
    const closing = async () => (await driven.checklists(driven.admin, `branch=${EARLY}&date=${DATE}&kind=closing`))[0];
    expect((await closing()).items.some((i: JsonBody) => i.deviceId === 'E-TP2')).toBe(false);
    // The printer is back in the birth: the closing checklist (not yet due) gains it, the overdue opening one does not.
    const [early] = agents.slice(-1);
    await early.agent.birth(devicesOf('E'));
    await eventually(async () => expect(item(await closing(), 'powered-off.E-TP2')).toMatchObject({ mode: 'auto' }));
    expect((await opening(EARLY)).items.map((i: JsonBody) => i.id)).toEqual(frozen.items.map((i: JsonBody) => i.id));
  });

  it('gives a checklist past its due time only the items of a device first known after it was generated', async () => {
    // As when a server starts during opening hours: the day's opening checklist is caught up at
    // once, already overdue, and the agents' births come seconds later.
    const [early] = agents.slice(-1);
    await early.agent.birth([...devicesOf('E'), { id: 'E-TP9', kind: 'ticket-printer' }]);
    await eventually(async () => expect(item(await opening(EARLY), 'device-ok.E-TP9')).toMatchObject({ mode: 'auto' }));
    expect((await opening(EARLY)).items.some((i: JsonBody) => i.deviceId === 'E-TP2')).toBe(false);
  });
});
