import { ForecastService } from '@lobby/checklists';
import { JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, localTime, printer, CHECKLIST_ENGINES } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'FC-1';
const TP = 'TP-F';
const ROLL = 300;
/** Tickets per local hour of a branch day: a morning and an afternoon peak. */
const TICKETS_PER_HOUR: Record<number, number> = { 9: 40, 10: 70, 11: 60, 12: 30, 13: 35, 14: 65, 15: 55, 16: 25 };

/** The ticket counter's readings over a day: one per ticket, spread evenly across each hour. */
function ticketTimes(date: string, scale: number): number[] {
  const times: number[] = [];
  for (const [hour, n] of Object.entries(TICKETS_PER_HOUR)) {
    const tickets = Math.round(n * scale);
    const start = local(ZONE, date, `${hour.padStart(2, '0')}:00`);
    for (let i = 0; i < tickets; i++) times.push(start + Math.round(((i + 0.5) * 3_600_000) / tickets));
  }
  return times;
}

describe.each(CHECKLIST_ENGINES)(`${ForecastService.name} on $name`, ({ database }) => {
    let driven: DrivenCentral;
    let agent: DrivenAgent;
    let count = 5000;

    beforeAll(async () => {
      driven = await new DrivenCentral(local(ZONE, '2026-11-30', '06:00'), database).start(); // a Monday
      await driven.admin.post('/api/branches', { id: BRANCH, name: '预测测试支行' });
      agent = await DrivenAgent.connect(driven, BRANCH, [{ id: TP, kind: 'ticket-printer' }]);
      await eventually(async () => expect((await driven.admin.get(`/api/devices/${TP}`)).status).toBe(200));
      expect((await driven.admin.patch(`/api/devices/${TP}`, { settings: { paperRollCapacity: ROLL } })).status).toBe(200);
    });
    afterAll(async () => {
      await agent?.end();
      await driven?.stop();
    });

    it('learns a synthetic day of ticket counts', async () => {
      await driven.driveTo(local(ZONE, '2026-11-30', '07:00'));
      await agent.status(TP, printer('ok', count));
      for (const ts of ticketTimes('2026-11-30', 1)) {
        driven.clock.set(ts);
        await agent.status(TP, printer('ok', ++count));
      }
      // Evening: the near-end sensor trips, the lobby manager loads a new roll.
      await driven.driveTo(local(ZONE, '2026-11-30', '17:30'));
      await agent.status(TP, printer('low', count));
      await driven.driveTo(local(ZONE, '2026-11-30', '17:35'));
      await agent.event(TP, 'paper.replaced', { from: 'low' });
      await agent.status(TP, printer('ok', count));
      await eventually(async () => {
        await driven.settle();
        expect((await driven.admin.get(`/api/devices/${TP}/history?from=${new Date(local(ZONE, '2026-11-30', '00:00')).toISOString()}`)).body.events).toHaveLength(1);
      });
    });

    it('forecasts the paper-out before opening, within 10 % of when it really runs out, and opens the refill task early', async () => {
      await driven.driveTo(local(ZONE, '2026-12-01', '08:30'));
      const forecastAt = driven.clock.now();
      const device = await driven.device(TP);
      expect(device.forecast.paper).toMatchObject({ remaining: ROLL, capacity: ROLL, unit: 'tickets', basis: 'learned' });
      const predicted = Date.parse(device.forecast.paper.runsOutAt);
      expect(localTime(ZONE, device.forecast.paper.runsOutAt)).toBe('15:00'); // 40+70+60+30+35+65 tickets

      const [checklist] = await driven.checklists(driven.admin, `branch=${BRANCH}&date=2026-12-01&kind=opening`);
      const paper = checklist.items.find((i: JsonBody) => i.id === `paper.${TP}`);
      expect(paper).toMatchObject({ done: false, reason: '预计 15:00 左右纸用完：开门前装新纸卷' });

      const tasks = (await driven.admin.get(`/api/tasks?branch=${BRANCH}`)).body.items as JsonBody[];
      const refill = tasks.find((t) => t.deviceId === TP && t.kind === 'refill');
      expect(refill).toBeDefined();
      expect(Date.parse(refill!.history[0].at)).toBeLessThan(local(ZONE, '2026-12-01', '09:00'));
      expect(paper.taskId).toBe(refill!.id);

      // Tuesday is a little busier than Monday: the roll really runs out when 300 more tickets are printed.
      const baseline = count;
      let ranOutAt = 0;
      for (const ts of ticketTimes('2026-12-01', 1.05)) {
        driven.clock.set(ts);
        count++;
        if (count - baseline >= ROLL) {
          ranOutAt = ts;
          await agent.status(TP, printer('out', count));
          break;
        }
        await agent.status(TP, printer('ok', count));
      }
      expect(ranOutAt).toBeGreaterThan(0);
      const error = Math.abs(predicted - ranOutAt) / (ranOutAt - forecastAt);
      expect(error).toBeLessThan(0.1);
      await driven.settle();
      await eventually(async () => expect((await driven.device(TP)).forecast.paper).toMatchObject({ remaining: 0 }));
    });
});
