import { DateTime } from 'luxon';
import { BranchTickets } from './customer-flow.builder';
import { ticketIntervals, ticketsByHour } from './ticket-intervals';

const ZONE = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toMillis();
const t = (hhmm: string) => at('2026-11-30', hhmm);

describe('ticketIntervals', () => {
  it('counts counter deltas at the later reading, a reset as the new value, nothing for an implausible jump', () => {
    const intervals = ticketIntervals([
      { ts: t('09:00'), value: 100 },
      { ts: t('09:30'), value: 130 },
      { ts: t('09:40'), value: 4 }, // reset: 4 issued since
      { ts: t('09:50'), value: 90_000 }, // another printer's counter: not customers
      { ts: t('10:10'), value: 90_010 },
    ]);
    expect(intervals).toEqual([
      { from: t('09:30'), to: t('09:30'), tickets: 30 },
      { from: t('09:40'), to: t('09:40'), tickets: 4 },
      { from: t('10:10'), to: t('10:10'), tickets: 10 },
    ]);
  });

  it('spreads tickets over the time the printer was not observed (link down, agent silent)', () => {
    const down = ticketIntervals([
      { ts: t('09:00'), value: 10 },
      { ts: t('09:30'), value: null },
      { ts: t('11:30'), value: 51 },
    ]);
    expect(down).toEqual([{ from: t('09:30'), to: t('11:30'), tickets: 41 }]);
    const silent = ticketIntervals([{ ts: t('09:00'), value: 10 }, { ts: t('11:30'), value: 51 }], [{ from: t('09:30'), to: t('11:29') }]);
    expect(silent).toEqual(down.map((i) => ({ ...i, from: t('09:30') })));
    // Back at 10:00 and observed unchanged until 11:30: the tickets came at 11:30.
    const back = ticketIntervals([{ ts: t('09:00'), value: 10 }, { ts: t('11:30'), value: 51 }], [{ from: t('09:30'), to: t('10:00') }]);
    expect(back).toEqual([{ from: t('11:30'), to: t('11:30'), tickets: 41 }]);
  });

  it('shares a gap’s tickets over its hours in whole tickets that add up', () => {
    const hours = ticketsByHour([{ from: t('09:30'), to: t('11:30'), tickets: 41 }], ZONE);
    expect([hours.get(t('09:00')), hours.get(t('10:00')), hours.get(t('11:00'))]).toEqual([10, 21, 10]);
    expect([...hours.values()].reduce((a, b) => a + b, 0)).toBe(41);
  });
});

describe(BranchTickets.name, () => {
  it('finds before-opening tickets and compares the busiest hours with the same weekday', () => {
    const lastWeek = (hhmm: string) => at('2026-11-23', hhmm);
    const intervals = [
      { from: lastWeek('10:00'), to: lastWeek('10:30'), tickets: 20 },
      { from: t('08:55'), to: t('08:59'), tickets: 3 },
      { from: t('10:00'), to: t('10:30'), tickets: 30 },
      { from: t('14:00'), to: t('14:30'), tickets: 12 },
    ];
    const day = new BranchTickets(ZONE, [{ deviceId: 'TP', name: null, intervals }]).day({ date: '2026-11-30', zone: ZONE, opening: { opensAt: t('09:00'), closesAt: t('17:00') } });
    expect(day).toMatchObject({ total: 45, beforeOpening: 3, usualFromDays: 1 });
    expect(day.busiest.map((h) => [h.hour, h.tickets, h.usual, h.vsUsual])).toEqual([
      [10, 30, 20, 1.5],
      [14, 12, 0, null],
      [8, 3, 0, null],
    ]);
  });
});
