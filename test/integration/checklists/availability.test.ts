import { Topics } from '@lobby/contracts';
import { DailyLogService } from '@lobby/checklists';
import { JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'AVAIL-1';
const DATE = '2026-11-30'; // a Monday
const at = (hhmm: string) => local(ZONE, DATE, hhmm);
const H = 3_600_000;
const STEP = 5 * 60_000;

/**
 * Issue 8 point 1: availability counts only the time with data; time with no data (the branch's
 * agent silent) is reported as coverage, never as down.
 */
describe(`${DailyLogService.name}: availability and coverage`, () => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;

  async function walkTo(hhmm: string): Promise<void> {
    for (let t = driven.clock.now() + STEP; t <= at(hhmm); t += STEP) await driven.driveTo(t);
  }

  beforeAll(async () => {
    driven = await new DrivenCentral(at('08:00')).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '可用率测试支行', openingHours: { mon: ['09:00', '17:00'] } });
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: 'TP-AV', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-AV')).status).toBe(200));
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('gives available / (available + unavailable) and coverage for a day with up, down and silent spans', async () => {
    // Open 09:00–17:00. Up 09–10, cutter fault 10–11, up 11–12, agent silent 12–14 (its will, then
    // a new birth; the printer unchanged), up 14–17: 5 h up, 1 h down, 2 h without data.
    await agent.status('TP-AV', printer('ok', 100));
    await walkTo('10:00');
    await agent.status('TP-AV', { ...printer('ok', 150), state: 'fault', faults: ['cutter-error'] });
    await walkTo('11:00');
    await agent.status('TP-AV', printer('ok', 150));
    await walkTo('12:00');
    await agent.agent.raw(Topics.agentState(BRANCH), JSON.stringify({ online: false }));
    await walkTo('14:00');
    await agent.agent.birth([{ id: 'TP-AV', kind: 'ticket-printer' }]);
    await agent.status('TP-AV', printer('ok', 150));
    await walkTo('17:00');

    const log = (await driven.admin.get(`/api/branches/${BRANCH}/daily-log?date=${DATE}`)).body;
    const printerDay = log.availability.find((a: JsonBody) => a.deviceId === 'TP-AV');
    expect(printerDay).toMatchObject({ openMs: 8 * H, availableMs: 5 * H, unavailableMs: H, unknownMs: 2 * H });
    // 5 / 6 over the time with data (the old formula, 5 / 8 = 0.625, counted the silence as down), 6 / 8 covered.
    expect(printerDay.ratio).toBe(0.8333);
    expect(printerDay.coverage).toBe(0.75);

    const html = await driven.admin.request('GET', `/api/branches/${BRANCH}/daily-log?date=${DATE}`, undefined, { accept: 'text/html' });
    expect(html.text).toContain('数据覆盖率');
    expect(html.text).toContain('83.3%');
    expect(html.text).toContain('75.0%');
  });
});
