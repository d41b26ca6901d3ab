import { DateTime } from 'luxon';
import { BranchCalendar, shiftDate } from '@lobby/calendar';
import type { ChecklistKind } from '../templates/checklist-templates.schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long after its due time a missed closing checklist is still generated (catch-up). */
export const CLOSING_CATCH_UP_MS = 12 * HOUR;

export interface ScheduleSettings {
  openingLeadMinutes: number;
  closingOverdueMinutes: number;
}

/** One checklist of one branch day, with every instant that matters for it. */
export interface ChecklistSlot {
  kind: ChecklistKind;
  /** Branch-local date of the opening it belongs to. */
  date: string;
  opensAt: number;
  closesAt: number;
  /** When it is generated. */
  dueAt: number;
  /** Not signed off by then: overdue (opening: at opening; closing: the configured time after closing). */
  overdueAt: number;
  /** After this a missed generation is no longer caught up. */
  lastChanceAt: number;
}

/** The opening and closing checklist of a local date; none on a closed day. */
export function slotsOn(calendar: BranchCalendar, date: string, settings: ScheduleSettings): ChecklistSlot[] {
  const window = calendar.openingOn(date);
  if (!window) return [];
  const { opensAt, closesAt } = window;
  return [
    { kind: 'opening', date, opensAt, closesAt, dueAt: opensAt - settings.openingLeadMinutes * MINUTE, overdueAt: opensAt, lastChanceAt: closesAt },
    {
      kind: 'closing',
      date,
      opensAt,
      closesAt,
      dueAt: closesAt,
      overdueAt: closesAt + settings.closingOverdueMinutes * MINUTE,
      lastChanceAt: closesAt + CLOSING_CATCH_UP_MS,
    },
  ];
}

/**
 * The checklists that should exist at `now`: due and not past their last chance. Yesterday and
 * tomorrow are looked at too, since a lead or a catch-up window may cross local midnight.
 */
export function dueSlots(calendar: BranchCalendar, now: number, settings: ScheduleSettings): ChecklistSlot[] {
  return nearbySlots(calendar, now, settings).filter((slot) => slot.dueAt <= now && now < slot.lastChanceAt);
}

/** Every slot of yesterday, today and tomorrow (branch-local), in time order. */
export function nearbySlots(calendar: BranchCalendar, now: number, settings: ScheduleSettings): ChecklistSlot[] {
  const today = calendar.localDate(now);
  return [shiftDate(today, -1), today, shiftDate(today, 1)].flatMap((date) => slotsOn(calendar, date, settings));
}

/**
 * Local wall-clock times (`HH:MM`) at which something may fall due for a branch: generation,
 * overdue checks and the daily log, for every weekday's hours and exception day. One cron job per
 * time fires the branch's run; what is actually due is decided from the clock then.
 */
export function wakeTimes(calendar: BranchCalendar, settings: ScheduleSettings, from: number, days = 14): string[] {
  const times = new Set<string>();
  let date = calendar.localDate(from);
  for (let i = 0; i < days; i++, date = shiftDate(date, 1)) {
    for (const slot of slotsOn(calendar, date, settings)) {
      for (const at of [slot.dueAt, slot.overdueAt]) times.add(calendar.localTime(at));
    }
  }
  return [...times].sort();
}

/** `HH:MM` → a daily cron expression (seconds field first, as the `cron` package reads it). */
export function dailyCron(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `0 ${m} ${h} * * *`;
}

/** The instant a local date starts in the branch zone (for day windows of the daily log). */
export function localDayBounds(zone: string, date: string): { from: number; to: number } {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
}
