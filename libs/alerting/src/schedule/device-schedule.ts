import { profileOf } from '@lobby/devices';
import type { DeviceKind, DeviceSettings } from '@lobby/contracts';
import { BranchCalendar, lampExpectedOn, sunsetAt } from '@lobby/calendar';

/** What a device's schedule depends on about its branch. */
export interface BranchContext {
  id: string;
  name?: string;
  calendar: BranchCalendar;
  location: { lat: number; lon: number } | null;
  /** The self-service area is open 24 hours: cash machines are expected on around the clock. */
  selfService24h?: boolean;
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
 * hours a silent or switched-off device is simply off (`power-off`), never an alert — except a cash
 * machine of a 24-hour self-service area, which is expected on all night.
 */
export class DeviceSchedule {
  constructor(private readonly options: ScheduleOptions) {}

  expectedOn(kind: DeviceKind, settings: DeviceSettings, branch: BranchContext, at: number): boolean {
    if (profileOf(kind).lampSchedule) return this.lightRequired(settings, branch, at);
    if (profileOf(kind).selfService && branch.selfService24h) return true;
    return branch.calendar.isOpen(at, { beforeMs: this.options.preOpeningMs });
  }

  /** Whether a light box should be lit at `at` (its window may run past midnight). */
  lightRequired(settings: DeviceSettings, branch: BranchContext, at: number): boolean {
    return lampExpectedOn(at, settings.lightSchedule, branch.calendar, branch.location, {
      schedule: this.options.lightBoxSchedule,
      sunsetFallback: this.options.sunsetFallback,
    });
  }

  /** Sunset on a local date at the branch (suncalc), or the fallback time. */
  sunset(date: string, branch: BranchContext): number {
    return sunsetAt(branch.calendar, date, branch.location, this.options.sunsetFallback);
  }
}
