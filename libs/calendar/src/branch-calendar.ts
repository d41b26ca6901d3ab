import { DateTime } from 'luxon';
import { CalendarException, DEFAULT_OPENING_HOURS, DEFAULT_TIMEZONE, Hours, OpeningHours, WEEKDAYS } from '@lobby/contracts';

/** What a branch's day depends on: its zone, weekly hours and exception days. */
export interface BranchSchedule {
  timezone: string;
  openingHours: OpeningHours;
  exceptions: CalendarException[];
}

/** One opening, in epoch milliseconds. */
export interface OpeningWindow {
  /** The branch-local date (`YYYY-MM-DD`). */
  date: string;
  opensAt: number;
  closesAt: number;
}

/**
 * A branch's calendar: opening hours per weekday in the branch's own time zone, overridden by
 * exception days (holidays closed, extra working days open). Never reads the process's `TZ`.
 */
export class BranchCalendar {
  private readonly zone: string;
  private readonly exceptions: Map<string, CalendarException>;
  // Rules evaluate on every status: memoize the zone arithmetic (luxon is not cheap).
  private readonly openings = new Map<string, OpeningWindow | null>();
  private lastLocalDate: { minute: number; date: string } | null = null;

  constructor(private readonly schedule: Partial<BranchSchedule>) {
    this.zone = schedule.timezone ?? DEFAULT_TIMEZONE;
    this.exceptions = new Map((schedule.exceptions ?? []).map((e) => [e.date, e]));
  }

  get timezone(): string {
    return this.zone;
  }

  /** The branch-local date at an instant. */
  localDate(at: number): string {
    const minute = Math.floor(at / 60_000);
    if (this.lastLocalDate?.minute === minute) return this.lastLocalDate.date;
    const date = cached(localDates, `${this.zone}|${minute}`, () => DateTime.fromMillis(at, { zone: this.zone }).toISODate()!);
    this.lastLocalDate = { minute, date };
    return date;
  }

  /** Local wall-clock time `HH:MM` at an instant. */
  localTime(at: number): string {
    return DateTime.fromMillis(at, { zone: this.zone }).toFormat('HH:mm');
  }

  /** The instant of a local date and `HH:MM` in the branch's zone. */
  instant(date: string, hhmm: string): number {
    return cached(instants, `${this.zone}|${date}T${hhmm}`, () => DateTime.fromISO(`${date}T${hhmm}`, { zone: this.zone }).toMillis());
  }

  /** Hours on a local date: the exception's, else the weekday's; `null` when closed. */
  hoursOn(date: string): Hours | null {
    const exception = this.exceptions.get(date);
    if (exception) return 'closed' in exception ? null : exception.hours;
    // A local date's weekday does not depend on the zone: 0 = Monday.
    const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
    const hours = (this.schedule.openingHours ?? DEFAULT_OPENING_HOURS)[weekday];
    return hours ?? null;
  }

  /** The opening on a local date, or `null` on a closed day. */
  openingOn(date: string): OpeningWindow | null {
    const held = this.openings.get(date);
    if (held !== undefined) return held;
    const hours = this.hoursOn(date);
    const window = hours ? { date, opensAt: this.instant(date, hours[0]), closesAt: this.instant(date, hours[1]) } : null;
    if (this.openings.size >= 400) this.openings.clear();
    this.openings.set(date, window);
    return window;
  }

  /** Whether the branch is open at an instant, optionally widened before opening and after closing. */
  isOpen(at: number, widen: { beforeMs?: number; afterMs?: number } = {}): boolean {
    const date = this.localDate(at);
    // A window widened past midnight may belong to the neighbouring day.
    for (const day of cached(threeDays, date, () => [shiftDate(date, -1), date, shiftDate(date, 1)])) {
      const window = this.openingOn(day);
      if (window && at >= window.opensAt - (widen.beforeMs ?? 0) && at < window.closesAt + (widen.afterMs ?? 0)) return true;
    }
    return false;
  }

  /** The next openings from an instant on (today's included while it has not closed). */
  nextOpenings(from: number, count = 1, horizonDays = 400): OpeningWindow[] {
    const found: OpeningWindow[] = [];
    let date = this.localDate(from);
    for (let i = 0; i < horizonDays && found.length < count; i++, date = shiftDate(date, 1)) {
      const window = this.openingOn(date);
      if (window && window.closesAt > from) found.push(window);
    }
    return found;
  }
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, zone-free). */
export function shiftDate(date: string, days: number): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(at)) return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
  return new Date(at + days * DAY_MS).toISOString().slice(0, 10);
}

const DAY_MS = 24 * 3600_000;
/**
 * Zone arithmetic shared by every calendar of the process (10,000 branches share a handful of
 * zones and hours): the alert sweep and the checklist scheduler build calendars afresh, and luxon
 * is not cheap. Bounded: cleared when full.
 */
const localDates = new Map<string, string>();
const instants = new Map<string, number>();
const threeDays = new Map<string, string[]>();
const CACHE_MAX = 20_000;

function cached<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const held = cache.get(key);
  if (held !== undefined) return held;
  const value = make();
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, value);
  return value;
}
