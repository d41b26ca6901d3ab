import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FleetFileSchema } from '@lobby/contracts';
import { BranchCalendar } from '@lobby/calendar';
import { DemoBranch, featuredBranch } from './open-branch';

const weekly = (hours: [string, string] | null) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });

describe(featuredBranch.name, () => {
  const shanghai: DemoBranch = { id: 'SH', name: 'Shanghai', timezone: 'Asia/Shanghai', openingHours: weekly(['07:00', '21:00']), exceptions: [] };
  const newYork: DemoBranch = { id: 'NY', name: 'New York', timezone: 'America/New_York', openingHours: weekly(['07:00', '20:00']), exceptions: [] };
  const closedOnSunday: DemoBranch = { id: 'BJ', name: 'Beijing', timezone: 'Asia/Shanghai', openingHours: { ...weekly(['09:00', '17:00']), sun: null }, exceptions: [] };

  it('picks the open branch with the most of its day left, with its local closing time', () => {
    // Sunday 2026-11-29 12:30 UTC: Shanghai 20:30 (closes 21:00), New York 07:30 (closes 20:00).
    const open = featuredBranch([closedOnSunday, shanghai, newYork], Date.parse('2026-11-29T12:30:00Z'));
    expect(open?.branch.id).toBe('NY');
    expect(open?.closesLocal).toBe('20:00');
    expect(open?.closesAt).toBe(Date.parse('2026-11-30T01:00:00Z'));
  });

  it('picks the only open branch', () => {
    // Monday 2026-11-30 03:00 UTC: Beijing and Shanghai 11:00, New York 22:00 the evening before.
    expect(featuredBranch([newYork, closedOnSunday, shanghai], Date.parse('2026-11-30T03:00:00Z'))?.branch.id).toBe('SH');
  });

  it('is undefined when every branch is closed', () => {
    expect(featuredBranch([closedOnSunday], Date.parse('2026-11-29T04:00:00Z'))).toBeUndefined();
  });
});

describe('the demo fleet (config/fleet.yaml)', () => {
  const fleet = FleetFileSchema.parse(parse(readFileSync(join(__dirname, '../../../config/fleet.yaml'), 'utf8')));
  const calendars = fleet.branches.map((branch) => new BranchCalendar(branch));
  const from = Date.parse('2026-01-01T00:00:00Z');
  const to = Date.parse('2028-01-01T00:00:00Z');

  it('has a branch open at every moment of 2026 and 2027, summer time changes and holidays included', () => {
    // Half-open openings can only stop covering at a closing instant: the span is covered when
    // its start and every closing instant in it are.
    const instants = [from];
    for (const calendar of calendars) for (const window of calendar.nextOpenings(from, 800, 800)) if (window.closesAt < to) instants.push(window.closesAt);
    expect(instants.length).toBeGreaterThan(2 * 365);
    const uncovered = instants.filter((at) => !calendars.some((calendar) => calendar.isOpen(at)));
    expect(uncovered.map((at) => new Date(at).toISOString()).slice(0, 5)).toEqual([]);
  });
});
