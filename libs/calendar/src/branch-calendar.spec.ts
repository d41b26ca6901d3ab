import { BranchCalendar, shiftDate } from './branch-calendar';

describe(BranchCalendar.name, () => {
  const beijing = new BranchCalendar({
    timezone: 'Asia/Shanghai',
    openingHours: { mon: ['09:00', '17:00'], tue: ['09:00', '17:00'], sat: ['10:00', '16:00'] },
    exceptions: [
      { date: '2026-12-01', closed: true },
      { date: '2026-11-29', hours: ['09:00', '12:00'] },
    ],
  });

  it('reads hours in the branch zone, not the process zone', () => {
    const opening = beijing.openingOn('2026-11-30')!; // a Monday
    expect(new Date(opening.opensAt).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(new Date(opening.closesAt).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('closes on missing weekdays and holidays, opens on extra working days', () => {
    expect(beijing.openingOn('2026-12-02')).toBeNull(); // Wednesday: not listed
    expect(beijing.openingOn('2026-12-01')).toBeNull(); // Tuesday, but a holiday
    expect(beijing.hoursOn('2026-11-29')).toEqual(['09:00', '12:00']); // Sunday, extra working day
  });

  it('opens every day 09:00–17:00 when no hours are given', () => {
    const plain = new BranchCalendar({});
    expect(plain.hoursOn('2026-11-29')).toEqual(['09:00', '17:00']);
    expect(plain.timezone).toBe('Asia/Shanghai');
  });

  it('tells whether the branch is open, with a pre-opening window', () => {
    const monday0845 = Date.parse('2026-11-30T00:45:00Z');
    expect(beijing.isOpen(monday0845)).toBe(false);
    expect(beijing.isOpen(monday0845, { beforeMs: 30 * 60_000 })).toBe(true);
    expect(beijing.isOpen(Date.parse('2026-11-30T08:59:00Z'))).toBe(true);
    expect(beijing.isOpen(Date.parse('2026-11-30T09:00:00Z'))).toBe(false);
  });

  it('finds the next openings across closed days', () => {
    const tuesdayNight = Date.parse('2026-12-01T12:00:00Z');
    const [next] = beijing.nextOpenings(tuesdayNight);
    expect(next.date).toBe('2026-12-05'); // Saturday
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('shifts dates across months, leap days and years without a zone, and keeps calendars of different zones apart', () => {
    expect(shiftDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDate('2027-03-01', -1)).toBe('2027-02-28');
    expect(shiftDate('2027-01-01', -365)).toBe('2026-01-01');
    // Same date and hours, two zones: the shared cache must not hand one zone's instant to the other.
    const hours = { mon: ['09:00', '17:00'] as [string, string] };
    const shanghai = new BranchCalendar({ timezone: 'Asia/Shanghai', openingHours: hours });
    const urumqi = new BranchCalendar({ timezone: 'Asia/Urumqi', openingHours: hours });
    expect(urumqi.openingOn('2026-11-30')!.opensAt - shanghai.openingOn('2026-11-30')!.opensAt).toBe(2 * 3600_000);
    expect(shanghai.openingOn('2026-12-01')).toBeNull(); // Tuesday: closed
  });
});
