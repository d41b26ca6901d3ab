import { Topics } from '@lobby/contracts';
import { DailyLogService, RollupJob } from '@lobby/checklists';
import { JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, lightBox, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'AVAIL-1';
const DATE = '2026-11-30'; // a Monday
const at = (hhmm: string) => local(ZONE, DATE, hhmm);
const H = 3_600_000;
const STEP = 5 * 60_000;
const DEVICES = [
  { id: 'TP-AV', kind: 'ticket-printer' },
  { id: 'LB-AV', kind: 'light-box' },
];

/**
 * Issue 8 point 1: availability counts only the time with data; time with no data (the branch's
 * agent silent) is reported as coverage, never as down.
 */
describe(`${DailyLogService.name}: availability and coverage`, () => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;

  async function walkTo(hhmm: string, step = STEP): Promise<void> {
    for (let t = driven.clock.now() + step; t <= at(hhmm); t += step) await driven.driveTo(t);
  }
  /** The agent's will or birth, handled before the clock moves on. */
  async function agentOnline(online: boolean, send: () => Promise<unknown>): Promise<void> {
    await send();
    await eventually(async () => expect((await driven.admin.get(`/api/branches/${BRANCH}`)).body.agent.online).toBe(online));
  }

  beforeAll(async () => {
    driven = await new DrivenCentral(at('08:00')).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '可用率测试支行', openingHours: { mon: ['09:00', '17:00'] } });
    agent = await DrivenAgent.connect(driven, BRANCH, DEVICES);
    await eventually(async () => expect((await driven.admin.get('/api/devices/LB-AV')).status).toBe(200));
    expect((await driven.admin.patch('/api/devices/LB-AV', { settings: { lightSchedule: { on: '18:00', off: '22:00' } } })).status).toBe(200);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('gives available / (available + unavailable) and coverage in the daily log for a day with up, down and silent spans', async () => {
    // Open 09:00–17:00. Up 09–10, cutter fault 10–11, up 11–12, agent silent 12–14 (its will, then
    // a new birth; the printer unchanged), up 14–17: 5 h up, 1 h down, 2 h without data.
    await agent.status('TP-AV', printer('ok', 100));
    await agent.status('LB-AV', lightBox(true, 400));
    await walkTo('10:00');
    await agent.status('TP-AV', { ...printer('ok', 150), state: 'fault', faults: ['cutter-error'] });
    await walkTo('11:00');
    await agent.status('TP-AV', printer('ok', 150));
    await walkTo('12:00');
    await agentOnline(false, () => agent.agent.raw(Topics.agentState(BRANCH), JSON.stringify({ online: false })));
    await walkTo('14:00');
    await agentOnline(true, () => agent.agent.birth(DEVICES));
    await agent.status('TP-AV', printer('ok', 150));
    // The light box is expected lit 18:00–22:00 (its own schedule), not in opening hours: its lamp fails 20:00–21:00.
    await walkTo('20:00', 30 * 60_000);
    await agent.status('LB-AV', { ...lightBox(true, 0), state: 'fault', faults: ['lamp-failure'] });
    await walkTo('21:00', 30 * 60_000);
    await agent.status('LB-AV', lightBox(true, 400));
    await walkTo('22:30', 30 * 60_000);

    const log = (await driven.admin.get(`/api/branches/${BRANCH}/daily-log?date=${DATE}`)).body;
    const printerDay = log.availability.find((a: JsonBody) => a.deviceId === 'TP-AV');
    expect(printerDay).toMatchObject({ openMs: 8 * H, availableMs: 5 * H, unavailableMs: H, unknownMs: 2 * H });
    // 5 / 6 over the time with data (the old formula, 5 / 8 = 0.625, counted the silence as down), 6 / 8 covered.
    expect(printerDay.ratio).toBe(0.8333);
    expect(printerDay.coverage).toBe(0.75);
    // The log is about opening hours: the light box was lit all of them but for the silence.
    expect(log.availability.find((a: JsonBody) => a.deviceId === 'LB-AV')).toMatchObject({ openMs: 8 * H, availableMs: 6 * H, unknownMs: 2 * H, ratio: 1, coverage: 0.75 });

    const html = await driven.admin.request('GET', `/api/branches/${BRANCH}/daily-log?date=${DATE}`, undefined, { accept: 'text/html' });
    expect(html.text).toContain('数据覆盖率');
    expect(html.text).toContain('83.3%');
    expect(html.text).toContain('75.0%');
  });

  it('rolls the day up for the reports the same way, a light box over the hours it should be lit', async () => {
    await driven.driveTo(at('23:59') + 2 * 60_000);
    await driven.central.server.app.get(RollupJob).run();
    const report = (await driven.admin.get(`/api/reports/summary?branch=${BRANCH}&from=${DATE}&to=${DATE}`)).body;
    const devices = Object.fromEntries(report.devices.map((d: JsonBody) => [d.deviceId, d.availability]));
    expect(devices['TP-AV']).toEqual({ availableMs: 5 * H, unavailableMs: H, unknownMs: 2 * H, ratio: 0.8333, coverage: 0.75 });
    // Expected 18:00–22:00 (its schedule), the lamp failed 20:00–21:00.
    expect(devices['LB-AV']).toEqual({ availableMs: 3 * H, unavailableMs: H, unknownMs: 0, ratio: 0.75, coverage: 1 });
  });
});
