import { BranchCalendar } from '@lobby/calendar';
import { dailyCron, dueSlots, localDayBounds, slotsOn, wakeTimes } from './due-times';

const settings = { openingLeadMinutes: 30, closingOverdueMinutes: 60 };
const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe(dueSlots.name, () => {
  const shanghai = new BranchCalendar({
    timezone: 'Asia/Shanghai',
    openingHours: { mon: ['09:00', '17:00'], tue: ['09:00', '17:00'], sat: ['10:00', '16:00'] },
    exceptions: [{ date: '2026-12-01', closed: true }, { date: '2026-11-29', hours: ['09:00', '12:00'] }],
  });
  const berlin = new BranchCalendar({ timezone: 'Europe/Berlin', openingHours: { mon: ['08:30', '16:00'] } });

  it('puts the opening checklist before opening and the closing one at closing, in the branch zone', () => {
    const [opening, closing] = slotsOn(shanghai, '2026-11-30', settings);
    expect(iso(opening.dueAt)).toBe('2026-11-30T00:30:00.000Z'); // 08:30 in Shanghai
    expect(iso(opening.overdueAt)).toBe('2026-11-30T01:00:00.000Z');
    expect(iso(closing.dueAt)).toBe('2026-11-30T09:00:00.000Z');
    expect(iso(closing.overdueAt)).toBe('2026-11-30T10:00:00.000Z');
    const [berlinOpening] = slotsOn(berlin, '2026-11-30', settings);
    expect(iso(berlinOpening.dueAt)).toBe('2026-11-30T07:00:00.000Z'); // 08:00 CET
  });

  it('has nothing on holidays and follows extra working days', () => {
    expect(slotsOn(shanghai, '2026-12-01', settings)).toEqual([]);
    expect(slotsOn(shanghai, '2026-12-02', settings)).toEqual([]); // Wednesday: closed
    const sunday = slotsOn(shanghai, '2026-11-29', settings);
    expect(sunday.map((s) => iso(s.dueAt))).toEqual(['2026-11-29T00:30:00.000Z', '2026-11-29T04:00:00.000Z']);
  });

  it('tells what is due at an instant, catching up a missed run', () => {
    expect(dueSlots(shanghai, utc('2026-11-30T00:29:59Z'), settings).filter((s) => s.date === '2026-11-30')).toEqual([]);
    expect(dueSlots(shanghai, utc('2026-11-30T00:30:00Z'), settings).map((s) => `${s.date}:${s.kind}`)).toEqual(['2026-11-30:opening']);
    // The server was down all morning: the opening checklist is still made until closing.
    expect(dueSlots(shanghai, utc('2026-11-30T06:00:00Z'), settings).map((s) => `${s.date}:${s.kind}`)).toEqual(['2026-11-30:opening']);
    expect(dueSlots(shanghai, utc('2026-11-30T09:00:00Z'), settings).map((s) => `${s.date}:${s.kind}`)).toEqual(['2026-11-30:closing']);
    // A holiday after a working day: yesterday's closing is still caught up early in the night.
    expect(dueSlots(shanghai, utc('2026-11-30T17:00:00Z'), settings).map((s) => `${s.date}:${s.kind}`)).toEqual(['2026-11-30:closing']);
    expect(dueSlots(shanghai, utc('2026-12-01T03:00:00Z'), settings)).toEqual([]);
  });

  it('handles a lead across midnight and DST in the branch zone', () => {
    const early = new BranchCalendar({ timezone: 'Asia/Shanghai', openingHours: { mon: ['00:15', '08:00'] } });
    expect(iso(slotsOn(early, '2026-11-30', settings)[0].dueAt)).toBe('2026-11-29T15:45:00.000Z'); // Sunday 23:45 local
    expect(dueSlots(early, utc('2026-11-29T15:50:00Z'), settings).map((s) => s.date)).toEqual(['2026-11-30']);
    const summer = new BranchCalendar({ timezone: 'Europe/Berlin', openingHours: { mon: ['08:30', '16:00'] } });
    expect(iso(slotsOn(summer, '2026-03-30', settings)[0].dueAt)).toBe('2026-03-30T06:00:00.000Z'); // CEST, after the switch
  });

  it('lists the local wake-up times of a branch for its cron jobs', () => {
    expect(wakeTimes(shanghai, settings, utc('2026-11-28T00:00:00Z'))).toEqual(['08:30', '09:00', '09:30', '10:00', '12:00', '13:00', '16:00', '17:00', '18:00']);
    expect(dailyCron('08:30')).toBe('0 30 8 * * *');
    expect(localDayBounds('Asia/Shanghai', '2026-11-30')).toEqual({ from: utc('2026-11-29T16:00:00Z'), to: utc('2026-11-30T16:00:00Z') });
  });
});
