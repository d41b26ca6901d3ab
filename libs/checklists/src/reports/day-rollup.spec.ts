import type { DevicePowerSchedule } from '@lobby/fleet';
import type { StatePoint } from '../daily-log/availability';
import { rollUpDay } from './day-rollup';
import { BRANCH_ROW } from './daily-rollup.entity';
import { expectedSpans } from './expected-hours';

const H = 3_600_000;
const M = 60_000;
const day = { from: Date.parse('2026-11-29T16:00:00Z'), to: Date.parse('2026-11-30T16:00:00Z') };
const opensAt = day.from + 9 * H;
const closesAt = day.from + 17 * H;
const p = (hour: number, state: StatePoint['state'] = 'ok'): StatePoint => ({ ts: day.from + hour * H, link: 'up', state });

describe(rollUpDay.name, () => {
  const rows = rollUpDay({
    branchId: 'B',
    date: '2026-11-30',
    day,
    expected: { from: opensAt, to: closesAt },
    now: day.to + H,
    devices: [{ id: 'TP', kind: 'ticket-printer', before: p(-2), points: [p(10, 'fault'), p(11)], ticketsPrinted: 40, paperRolls: 1, ribbons: 0 }],
    silences: [{ from: day.from + 15 * H, to: day.from + 16 * H }],
    faults: [
      { deviceId: 'TP', raisedAt: day.from + 10 * H, ackedAt: day.from + 10 * H + 20 * M, clearedAt: day.from + 11 * H },
      // Raised yesterday, repaired today: counts for MTTR today, not as today's failure.
      { deviceId: 'TP', raisedAt: day.from - 2 * H, ackedAt: day.from - H, clearedAt: day.from + 2 * H },
    ],
    checklists: [
      { dueAt: opensAt - 30 * M, overdueAt: opensAt, signedOffAt: opensAt - 5 * M },
      { dueAt: closesAt, overdueAt: closesAt + H, signedOffAt: null },
    ],
  });

  it('splits expected time, counts failures where raised and MTTA/MTTR where acknowledged / cleared', () => {
    expect(rows[1]).toMatchObject({ deviceId: 'TP', expectedMs: 8 * H, availableMs: 6 * H, unavailableMs: H, unknownMs: H, failures: 1, acks: 1, ackMs: 20 * M, repairs: 2, repairMs: H + 4 * H, ticketsPrinted: 40, paperRolls: 1 });
  });

  it('gives the branch its checklists: on time, late, missed', () => {
    expect(rows[0]).toMatchObject({ deviceId: BRANCH_ROW, checklistsDue: 2, checklistsOnTime: 1, checklistsLate: 0, checklistsMissed: 1, expectedMs: 0 });
  });
});

describe(expectedSpans.name, () => {
  it('follows a light box’s schedule by the minute, across midnight; other kinds keep the opening hours', async () => {
    // Lit until 01:00 and from 18:00 (local day offsets).
    const schedule = { expectedOn: (_d: unknown, at: number) => Promise.resolve(at < day.from + H || at >= day.from + 18 * H) } as unknown as DevicePowerSchedule;
    const lamp = { id: 'LB', kind: 'light-box' as const, branchId: 'B', settings: {} };
    expect(await expectedSpans(lamp, day, schedule)).toEqual([
      { from: day.from, to: day.from + H },
      { from: day.from + 18 * H, to: day.to },
    ]);
    expect(await expectedSpans({ ...lamp, kind: 'ticket-printer' }, day, schedule)).toBeUndefined();
  });
});
