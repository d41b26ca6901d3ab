import fc from 'fast-check';
import { DateTime } from 'luxon';
import { ConsumptionProfile } from './consumption-profile';
import { counterUsage, depletionUsage, Reading, usedAt } from './usage-series';

const ZONE = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE }).toMillis();
const MIN = 60_000;

/** Tickets per local hour of a branch day (09:00–17:00, a morning and an afternoon peak). */
const TICKETS_PER_HOUR: Record<number, number> = { 9: 40, 10: 70, 11: 60, 12: 30, 13: 35, 14: 65, 15: 55, 16: 25 };

/** A day of ticket-counter readings: one status per ticket, spread evenly over each hour. */
function syntheticDay(date: string, start: number, scale = 1): Reading[] {
  const readings: Reading[] = [{ ts: at(date, '07:00'), value: start }];
  let count = start;
  for (const [hour, n] of Object.entries(TICKETS_PER_HOUR)) {
    const tickets = Math.round(n * scale);
    for (let i = 0; i < tickets; i++) {
      count += 1;
      readings.push({ ts: at(date, `${hour.padStart(2, '0')}:00`) + Math.round(((i + 0.5) * 60 * MIN) / tickets), value: count });
    }
  }
  return readings;
}

/** When the real day's counter has moved `remaining` past its value at `from`. */
function actualRunOut(day: Reading[], from: number, remaining: number): number {
  const base = [...day].reverse().find((r) => r.ts <= from)!.value;
  return day.find((r) => r.value - base >= remaining)!.ts;
}

describe(ConsumptionProfile.name, () => {
  it('learns a synthetic day and predicts the next day’s paper-out time within 10 %', () => {
    const monday = syntheticDay('2026-11-30', 5000);
    const profile = ConsumptionProfile.learn(counterUsage(monday), ZONE, at('2026-12-01', '06:00'));
    expect(profile.hoursObserved).toBe(23);
    expect(profile.ratePerHour(at('2026-12-01', '10:30'))).toBeCloseTo(70, 5); // Tuesday unseen: same hour of any day
    expect(profile.ratePerHour(at('2026-12-01', '20:00'))).toBe(0);

    // Tuesday 08:30: a roll with 300 tickets left; Tuesday is a little busier than Monday.
    const from = at('2026-12-01', '08:30');
    const predicted = profile.runsOutAt(300, from)!;
    const tuesday = syntheticDay('2026-12-01', 5380, 1.05);
    const actual = actualRunOut(tuesday, from, 300);
    expect(Math.abs(predicted - actual) / (actual - from)).toBeLessThan(0.1);
    expect(DateTime.fromMillis(predicted, { zone: ZONE }).toFormat('HH:mm')).toBe('15:00'); // 40+70+60+30+35+65 tickets
  });

  it('prefers the same weekday once it has been seen', () => {
    const monday = syntheticDay('2026-11-30', 0);
    const tuesday = syntheticDay('2026-12-01', monday.at(-1)!.value, 2);
    const profile = ConsumptionProfile.learn(counterUsage([...monday, ...tuesday]), ZONE, at('2026-12-07', '00:00'));
    expect(profile.ratePerHour(at('2026-12-07', '10:30'))).toBeCloseTo(70, 5); // next Monday
    expect(profile.ratePerHour(at('2026-12-08', '10:30'))).toBeCloseTo(140, 5); // next Tuesday
    expect(profile.ratePerHour(at('2026-12-09', '10:30'))).toBeCloseTo(0, 5); // Wednesday was seen, and quiet
  });

  it('says nothing without history, and "now" for an empty roll', () => {
    const empty = ConsumptionProfile.learn([], ZONE, at('2026-12-01', '06:00'));
    expect(empty.runsOutAt(100, at('2026-12-01', '08:00'))).toBeNull();
    expect(empty.runsOutAt(0, 123)).toBe(123);
  });

  it('returns null when the roll outlasts the horizon', () => {
    const profile = ConsumptionProfile.learn(counterUsage(syntheticDay('2026-11-30', 0)), ZONE, at('2026-12-01', '06:00'));
    expect(profile.runsOutAt(1_000_000, at('2026-12-01', '08:00'))).toBeNull();
    expect(profile.expectedUsage(at('2026-12-01', '09:00'), at('2026-12-01', '11:00'))).toBeCloseTo(110, 5);
  });
});

describe(counterUsage.name, () => {
  it('counts a counter that went back (replaced board) from its new value, and cash draw-downs without refills', () => {
    const used = counterUsage([{ ts: 1, value: 100 }, { ts: 2, value: 110 }, { ts: 3, value: 5 }, { ts: 4, value: 8 }]);
    expect(used.map((p) => p.used)).toEqual([0, 10, 10, 13]);
    const cash = depletionUsage([{ ts: 1, value: 1000 }, { ts: 2, value: 900 }, { ts: 3, value: 2000 }, { ts: 4, value: 1950 }]);
    expect(cash.map((p) => p.used)).toEqual([0, 100, 100, 150]);
    expect(usedAt(cash, 0)).toBeNull();
    expect(usedAt(cash, 2.5)).toBe(100);
  });
});

/** The profile as it was learned with a luxon DateTime per hour (before 2026-11-29): the reference. */
function referenceRate(points: { ts: number; used: number }[], zone: string, until: number, at: number): number | null {
  const byWeekdayHour = new Map<string, { sum: number; n: number }>();
  const byHour = new Map<number, { sum: number; n: number }>();
  const overall = { sum: 0, n: 0 };
  const add = <K>(map: Map<K, { sum: number; n: number }>, key: K, used: number) => {
    const bucket = map.get(key) ?? { sum: 0, n: 0 };
    map.set(key, { sum: bucket.sum + used, n: bucket.n + 1 });
  };
  let start = DateTime.fromMillis(points[0].ts, { zone }).startOf('hour');
  if (start.toMillis() < points[0].ts) start = start.plus({ hours: 1 });
  for (let end = start.plus({ hours: 1 }); end.toMillis() <= until; start = end, end = end.plus({ hours: 1 })) {
    const used = (usedAt(points, end.toMillis()) ?? 0) - (usedAt(points, start.toMillis()) ?? 0);
    add(byWeekdayHour, `${start.weekday}-${start.hour}`, used);
    add(byHour, start.hour, used);
    overall.sum += used;
    overall.n += 1;
  }
  const local = DateTime.fromMillis(at, { zone });
  const bucket = byWeekdayHour.get(`${local.weekday}-${local.hour}`) ?? byHour.get(local.hour) ?? (overall.n ? overall : null);
  return bucket ? bucket.sum / bucket.n : null;
}

describe('ConsumptionProfile against the luxon reference', () => {
  const DAY = 86_400_000;
  const series = fc.array(fc.record({ gapMin: fc.integer({ min: 1, max: 24 * 60 }), step: fc.integer({ min: 0, max: 500 }) }), { minLength: 1, maxLength: 60 });

  it('learns the same rate for every weekday and hour, in zones with and without DST', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
        fc.integer({ min: 0, max: 14 * DAY }),
        (steps, start, zone, ahead) => {
          let ts = start;
          let used = 0;
          const points = steps.map(({ gapMin, step }) => ({ ts: (ts += gapMin * MIN), used: (used += step) }));
          const until = ts + DAY;
          const profile = ConsumptionProfile.learn(points, zone, until);
          expect(profile.ratePerHour(until + ahead)).toBeCloseTo(referenceRate(points, zone, until, until + ahead) ?? NaN, 6);
        },
      ),
      { numRuns: 300 },
    );
  });
});
