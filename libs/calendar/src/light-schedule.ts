import SunCalc from 'suncalc';
import type { DeviceSettings } from '@lobby/contracts';
import { BranchCalendar, shiftDate } from './branch-calendar';

export type LightSchedule = NonNullable<DeviceSettings['lightSchedule']>;

/** A light box without its own schedule: lit from sunset to 22:00. */
export const DEFAULT_LIGHT_SCHEDULE: LightSchedule = { on: 'sunset', off: '22:00' };
/** Where no branch location is known (or the sun does not set), `sunset` means this local time. */
export const FALLBACK_SUNSET = '18:00';

type Place = { lat: number; lon: number } | null;

/** The defaults a caller may set (alerting reads them from its rules file). */
export interface LightDefaults {
  schedule?: { on: string; off: string };
  sunsetFallback?: string;
}

/** Sunset on a branch-local date, from suncalc at the branch's location; the fallback without one. */
export function sunsetAt(calendar: BranchCalendar, date: string, location: Place, fallbackTime = FALLBACK_SUNSET): number {
  const fallback = calendar.instant(date, fallbackTime);
  if (!location) return fallback;
  const sunset = SunCalc.getTimes(new Date(calendar.instant(date, '12:00')), location.lat, location.lon).sunset.getTime();
  return Number.isFinite(sunset) ? sunset : fallback;
}

/** The lit window that starts on a local date: [on, off), `off` on the next day when it is earlier than `on`. */
export function lightWindow(
  schedule: { on: string; off: string },
  calendar: BranchCalendar,
  date: string,
  location: Place,
  sunsetFallback = FALLBACK_SUNSET,
): { on: number; off: number } {
  const on = schedule.on === 'sunset' ? sunsetAt(calendar, date, location, sunsetFallback) : calendar.instant(date, schedule.on);
  let off = calendar.instant(date, schedule.off);
  if (off <= on) off = calendar.instant(shiftDate(date, 1), schedule.off);
  return { on, off };
}

/** Whether a light box should be lit at `at` (yesterday's window may still be running after midnight). */
export function lampExpectedOn(
  at: number,
  schedule: { on: string; off: string } | undefined,
  calendar: BranchCalendar,
  location: Place,
  defaults: LightDefaults = {},
): boolean {
  const today = calendar.localDate(at);
  return [shiftDate(today, -1), today].some((date) => {
    const window = lightWindow(schedule ?? defaults.schedule ?? DEFAULT_LIGHT_SCHEDULE, calendar, date, location, defaults.sunsetFallback);
    return at >= window.on && at < window.off;
  });
}
