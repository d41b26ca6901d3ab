import { getTimes } from 'suncalc';
import type { DeviceKind, DeviceSettings } from '@lobby/contracts';
import { BranchCalendar, shiftDate } from '@lobby/calendar';

/** What a device's schedule depends on about its branch. */
export interface BranchContext {
  id: string;
  calendar: BranchCalendar;
  location: { lat: number; lon: number } | null;
}

export interface ScheduleOptions {
  /** Devices are expected on from this long before opening. */
  preOpeningMs: number;
  /** A light box without its own `lightSchedule` is lit on this one. */
  lightBoxSchedule: { /** `sunset` or `HH:MM` */ on: string; off: string };
  /** `sunset` where the branch has no location (or the sun does not set). */
  sunsetFallback: string;
}

/**
 * When a device is expected to be on: lobby devices during the branch's opening hours widened by
 * a pre-opening window (营业前 checks), a light box while its lamp should be lit. Outside those
 * hours a silent or switched-off device is simply off (`power-off`), never an alert.
 */
export class DeviceSchedule {
  constructor(private readonly options: ScheduleOptions) {}

  expectedOn(kind: DeviceKind, settings: DeviceSettings, branch: BranchContext, at: number): boolean {
    if (kind === 'light-box') return this.lightRequired(settings, branch, at);
    return branch.calendar.isOpen(at, { beforeMs: this.options.preOpeningMs });
  }

  /** Whether a light box should be lit at `at` (its window may run past midnight). */
  lightRequired(settings: DeviceSettings, branch: BranchContext, at: number): boolean {
    const schedule = settings.lightSchedule ?? this.options.lightBoxSchedule;
    const today = branch.calendar.localDate(at);
    for (const date of [shiftDate(today, -1), today]) {
      const on = schedule.on === 'sunset' ? this.sunset(date, branch) : branch.calendar.instant(date, schedule.on);
      let off = branch.calendar.instant(date, schedule.off);
      if (off <= on) off = branch.calendar.instant(shiftDate(date, 1), schedule.off);
      if (at >= on && at < off) return true;
    }
    return false;
  }

  /** Sunset on a local date at the branch (suncalc), or the fallback time. */
  sunset(date: string, branch: BranchContext): number {
    const fallback = branch.calendar.instant(date, this.options.sunsetFallback);
    if (!branch.location) return fallback;
    const noon = branch.calendar.instant(date, '12:00');
    const sunset = getTimes(new Date(noon), branch.location.lat, branch.location.lon).sunset.getTime();
    return Number.isFinite(sunset) ? sunset : fallback;
  }
}
