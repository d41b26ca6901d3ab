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
  /** The schedule moment the device was last evaluated at (`momentBits`: a small integer, not a string per device). */
  moment: number;
}

/** What a branch's devices' moments hang on: one entry per moment key, with a device that has it. */
interface BranchKeys {
  keys: Map<string, { kind: DeviceKind; settings: DeviceSettings }>;
  /** The keys' moments when the branch was last looked at device by device. */
  moments: string;
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
 *
 * A sweep looks at a branch's devices one by one only when one of the branch's keys has a new
 * moment since it last did (opening, closing, a lamp's hours), or the branch's devices changed:
 * 100,000 devices are otherwise checked every few seconds for nothing. A device forgotten in a
 * branch that is not looked at is looked at alone (`forgotten`).
 */
@Injectable()
export class DeviceSweepPlan {
  private readonly schedule: DeviceSchedule;
  private readonly evaluated = new Map<string, Evaluated>();
  private readonly branches = new Map<string, BranchKeys>();
  /** Devices whose facts changed where this instance did not evaluate them since. */
  private readonly forgotten = new Set<string>();
  /** Branches whose every device is due at the next look (their devices or calendar changed). */
  private readonly forced = new Set<string>();
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

  /** The device's rules ran at this moment (its outcome is in the conditions); `key` is its `momentKey`. */
  noteEvaluated(deviceId: string, branchId: string, moment: DeviceMoment, key: string): void {
    this.evaluated.set(deviceId, { branchId, moment: momentBits(moment) });
    this.forgotten.delete(deviceId);
    // A key the branch's summary does not watch (a new device, new light hours): look at the branch again.
    if (!this.branches.get(branchId)?.keys.has(key)) this.branches.delete(branchId);
  }

  /** The device's facts changed where this instance did not evaluate them: the next sweep does. */
  forget(deviceId: string): void {
    this.evaluated.delete(deviceId);
    this.forgotten.add(deviceId);
  }

  /** The branch's devices or calendar changed: the next sweep looks at each of its devices. */
  forgetBranch(branchId: string): void {
    this.branches.delete(branchId);
    this.forced.add(branchId);
  }

  /** Starts a sweep: every device is due after a start, and once every `FULL_SWEEP_MS`. */
  startSweep(now: number): void {
    if (now - this.fullAt < FULL_SWEEP_MS && now >= this.fullAt) return;
    this.evaluated.clear();
    this.branches.clear();
    this.forced.clear();
    this.fullAt = now;
  }

  /**
   * Whether the branch must be looked at device by device: never looked at since a change, or a
   * key's moment now (`momentNow`, memoized by the caller) differs from when it last was.
   */
  branchDue(branchId: string, momentNow: (key: string, kind: DeviceKind, settings: DeviceSettings) => DeviceMoment | null): boolean {
    const held = this.branches.get(branchId);
    return !held || momentsCode(held.keys, momentNow) !== held.moments;
  }

  /** Whether every device of the branch is due (its devices or calendar changed since it was last looked at). */
  branchForced(branchId: string): boolean {
    return this.forced.has(branchId);
  }

  /** The branch was looked at device by device: its keys (with a device each) and their moments now. */
  branchSwept(branchId: string, keys: BranchKeys['keys'], momentNow: (key: string, kind: DeviceKind, settings: DeviceSettings) => DeviceMoment | null): void {
    this.forced.delete(branchId);
    this.branches.set(branchId, { keys, moments: momentsCode(keys, momentNow) });
  }

  /** Devices forgotten since they were last evaluated (looked at even when their branch is not). */
  forgottenDevices(): string[] {
    return [...this.forgotten];
  }

  /** A forgotten device that needs nothing (gone, or no reading yet) stops being looked at. */
  dropForgotten(deviceId: string): void {
    this.forgotten.delete(deviceId);
  }

  /** Whether a device without conditions must be evaluated, given its moment now. */
  isDue(deviceId: string, branchId: string, momentNow: DeviceMoment): boolean {
    const held = this.evaluated.get(deviceId);
    return !held || held.branchId !== branchId || held.moment !== momentBits(momentNow);
  }
}

function momentBits(moment: DeviceMoment): number {
  return (moment.expectedOn ? 2 : 0) + (moment.lightRequired ? 1 : 0);
}

function codeOf(moment: DeviceMoment): string {
  return `${moment.expectedOn ? 1 : 0}${moment.lightRequired ? 1 : 0}`;
}

function momentsCode(keys: BranchKeys['keys'], momentNow: (key: string, kind: DeviceKind, settings: DeviceSettings) => DeviceMoment | null): string {
  let code = '';
  for (const [key, { kind, settings }] of keys) {
    const moment = momentNow(key, kind, settings);
    code += moment ? codeOf(moment) : '--';
  }
  return code;
}
