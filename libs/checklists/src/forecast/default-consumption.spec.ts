import { DateTime } from 'luxon';
import { BranchCalendar } from '@lobby/calendar';
import { defaultRunsOutAt } from './default-consumption';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const local = (ms: number | null) => (ms === null ? null : DateTime.fromMillis(ms, { zone: ZONE }).toFormat('ccc HH:mm'));

describe(defaultRunsOutAt.name, () => {
  // Weekdays 09:00–17:00, Saturday 10:00–16:00, closed on Sunday.
  const weekdays: [string, string] = ['09:00', '17:00'];
  const calendar = new BranchCalendar({ timezone: ZONE, openingHours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: ['10:00', '16:00'], sun: null } });

  it('uses nothing before opening and runs linearly while open', () => {
    expect(local(defaultRunsOutAt(80, at('2026-11-30T08:00'), 60, calendar))).toBe('Mon 10:20');
    expect(local(defaultRunsOutAt(80, at('2026-11-30T12:00'), 60, calendar))).toBe('Mon 13:20');
  });

  it('carries what is left over closed hours and closed days', () => {
    // Friday 16:00: 60 used by closing, 60 more on Saturday from 10:00.
    expect(local(defaultRunsOutAt(120, at('2026-12-04T16:00'), 60, calendar))).toBe('Sat 11:00');
    // Saturday 15:00: 60 by closing; Sunday is closed; Monday from 09:00.
    expect(local(defaultRunsOutAt(90, at('2026-12-05T15:00'), 60, calendar))).toBe('Mon 09:30');
  });

  it('is now when nothing is left, and null without usage or beyond 14 days', () => {
    const now = at('2026-11-30T08:00');
    expect(defaultRunsOutAt(0, now, 60, calendar)).toBe(now);
    expect(defaultRunsOutAt(100, now, 0, calendar)).toBeNull();
    expect(defaultRunsOutAt(1_000_000, now, 60, calendar)).toBeNull();
  });
});
