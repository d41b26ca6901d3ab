import { Inject, Injectable } from '@nestjs/common';
import { profileOf } from '@lobby/devices';
import type { DeviceKind, DeviceSettings } from '@lobby/contracts';
import { BranchContext, DeviceSchedule } from '../schedule/device-schedule';
import { AlertingConfig, AlertingConfigToken } from './alerting-config';
import type { DeviceMoment } from './rule-evaluator';

/** Re-evaluates every device this often anyway: a safety net under the events that mark devices. */
export const FULL_SWEEP_MS = 60 * 60_000;

interface Evaluated {
  branchId: string;
  /** The schedule moment the device was last evaluated at (`expectedOn`, `lightRequired`). */
  moment: string;
}

/**
 * Which devices the timed sweep has to evaluate. A device's rules see its reading, its
 * registration and its schedule moment; a new reading is evaluated when it arrives, so between
 * two sweeps only time can change the outcome, through the moment (opening hours, a light
 * schedule). The plan remembers the moment each device was last evaluated at on this instance;
 * the sweep evaluates a device when its moment now differs, when this instance did not evaluate
 * it since its facts changed elsewhere (`forget`: another instance's reading, an edit, a birth),
 * and always when it has a condition (raise and clear delays, storm control). Devices with the
 * same key (branch, schedule class, light schedule) share their moment: it is computed once per
 * key and sweep, not per device.
 */
@Injectable()
export class DeviceSweepPlan {
  private readonly schedule: DeviceSchedule;
  private readonly evaluated = new Map<string, Evaluated>();
  private fullAt = -Infinity;

  constructor(@Inject(AlertingConfigToken) config: AlertingConfig) {
    this.schedule = new DeviceSchedule(config);
  }

  /** What the device's schedule says at `at`. */
  momentOf(kind: DeviceKind, settings: DeviceSettings, branch: BranchContext, at: number): DeviceMoment {
    return {
      expectedOn: this.schedule.expectedOn(kind, settings, branch, at),
      lightRequired: profileOf(kind).lampSchedule && this.schedule.lightRequired(settings, branch, at),
    };
  }

  /** Devices with the same key have the same moment at any instant. */
  momentKey(kind: DeviceKind, settings: DeviceSettings, branchId: string): string {
    const profile = profileOf(kind);
    if (profile.lampSchedule) return `${branchId}|lamp|${JSON.stringify(settings.lightSchedule ?? null)}`;
    return `${branchId}|${profile.selfService ? 'self-service' : 'lobby'}`;
  }

  /** The device's rules ran at this moment (its outcome is in the conditions). */
  noteEvaluated(deviceId: string, branchId: string, moment: DeviceMoment): void {
    this.evaluated.set(deviceId, { branchId, moment: codeOf(moment) });
  }

  /** The device's facts changed where this instance did not evaluate them: the next sweep does. */
  forget(deviceId: string): void {
    this.evaluated.delete(deviceId);
  }

  forgetBranch(branchId: string): void {
    for (const [id, held] of this.evaluated) if (held.branchId === branchId) this.evaluated.delete(id);
  }

  /** Starts a sweep: every device is due after a start, and once every `FULL_SWEEP_MS`. */
  startSweep(now: number): void {
    if (now - this.fullAt < FULL_SWEEP_MS && now >= this.fullAt) return;
    this.evaluated.clear();
    this.fullAt = now;
  }

  /** Whether a device without conditions must be evaluated, given its moment now. */
  isDue(deviceId: string, branchId: string, momentNow: DeviceMoment): boolean {
    const held = this.evaluated.get(deviceId);
    return !held || held.branchId !== branchId || held.moment !== codeOf(momentNow);
  }
}

function codeOf(moment: DeviceMoment): string {
  return `${moment.expectedOn ? 1 : 0}${moment.lightRequired ? 1 : 0}`;
}
