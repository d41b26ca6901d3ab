import { Injectable } from '@nestjs/common';
import { Clock, LruMap } from '@lobby/platform';
import { ConsumptionHistory, DeviceTwin, StoredReading } from '@lobby/fleet';
import { BranchCalendars } from '../branches/branch-calendars.service';
import { ConsumptionProfile } from './consumption-profile';
import { profileOf } from '@lobby/devices';
import { ConsumableForecast, CountedConsumable, DeviceForecast, ForecastBasis, ForecastDevice, NEAR_END_SHARE } from './forecast.types';
import { counterUsage, depletionUsage, Reading } from './usage-series';
import { defaultRunsOutAt } from './default-consumption';
import type { BranchCalendar } from '@lobby/calendar';

const HOUR = 3_600_000;
/** How far back consumption is learned from. */
export const LEARNING_WINDOW_MS = 28 * 24 * HOUR;
/** A learned profile is reused this long before it is learned again. */
const PROFILE_TTL_MS = HOUR;
/**
 * Devices whose learned profiles are kept (least recently used dropped first): about 2 KB a
 * series, so 10,000 devices hold some 20–100 MB; a fleet of 100,000 would otherwise keep them all.
 * A dropped device is learned again (one history read) when next asked.
 */
export const LEARNED_DEVICES_MAX = 10_000;
/** Below this many observed hours a device borrows the profile of a busier device of its kind in the branch. */
const MIN_OWN_HOURS = 24;

interface Learned {
  at: number;
  profiles: Map<string, ConsumptionProfile>;
}

/**
 * When paper, ribbon and cash run out: remaining units (capacity minus what the counter moved
 * since the last replacement; a cassette's count) walked through the consumption profile learned
 * from the device's status history (docs/checklists.md, "Forecasts").
 */
@Injectable()
export class ForecastService {
  private readonly learned = new LruMap<string, Learned>(LEARNED_DEVICES_MAX);

  constructor(
    private readonly history: ConsumptionHistory,
    private readonly calendars: BranchCalendars,
    private readonly twin: DeviceTwin,
    private readonly clock: Clock,
  ) {}

  async forecast(device: ForecastDevice): Promise<DeviceForecast | null> {
    const branch = await this.calendars.get(device.branchId);
    if (!branch) return null;
    const calendar = branch.calendar;
    const now = this.clock.now();
    const live = this.twin.get(device.id)?.live ?? device.live;
    const result: DeviceForecast = {};
    const profile = profileOf(device.kind);
    for (const [which, spec] of Object.entries(profile.counted) as ['paper' | 'ribbon', CountedConsumable][]) {
      result[which] = await this.counted(device, which, spec, calendar, now);
    }
    if (profile.cash) {
      for (const which of profile.consumables.filter((c) => !profile.counted[c])) {
        // A consumable without a counter (a cash machine's receipt printer): its level is all there is.
        const level = live?.consumables?.[which]?.level;
        if (level) result[which] = { runsOutAt: level === 'out' ? new Date(now).toISOString() : null, remaining: level === 'out' ? 0 : null, unit: 'lines', basis: 'default' };
      }
      if (live?.cash?.length) {
        result.cash = {};
        for (const unit of live.cash) {
          const rate = await this.rate(device, `cash:${unit.unit}`, profile.cash.usagePerOpenHour, calendar, now);
          result.cash[unit.unit] = { runsOutAt: iso(rate.runsOutAt(unit.count)), remaining: unit.count, unit: 'notes', basis: rate.basis };
        }
      }
    }
    return Object.keys(result).length ? result : null;
  }

  private async counted(device: ForecastDevice, which: 'paper' | 'ribbon', spec: CountedConsumable, calendar: BranchCalendar, now: number): Promise<ConsumableForecast> {
    const live = this.twin.get(device.id)?.live ?? device.live;
    const capacity = device.settings[spec.setting] ?? spec.defaultCapacity;
    const rate = await this.rate(device, spec.counter, spec.usagePerOpenHour, calendar, now);
    const base = { capacity, unit: spec.unit, basis: rate.basis };
    const level = live?.consumables?.[which]?.level;
    if (level === 'out') return { ...base, runsOutAt: new Date(now).toISOString(), remaining: 0 };
    const remaining = await this.remaining(device.id, spec, capacity, live?.counters?.[spec.counter], level, now);
    if (remaining === null) return { ...base, runsOutAt: null, remaining: null };
    return { ...base, runsOutAt: iso(rate.runsOutAt(remaining)), remaining };
  }

  /**
   * The learned profile once its history shows some usage (the device's own, or a peer's while its
   * own is short), else the kind's default usage per opening hour (or `settings.usagePerOpenHour`).
   */
  private async rate(device: ForecastDevice, series: string, fallback: number, calendar: BranchCalendar, now: number): Promise<{ basis: ForecastBasis; runsOutAt(remaining: number): number | null }> {
    const profile = await this.profile(device, series, calendar.timezone, now);
    if (profile.sawUsage) return { basis: 'learned', runsOutAt: (remaining) => profile.runsOutAt(remaining, now) };
    const perHour = device.settings.usagePerOpenHour ?? fallback;
    return { basis: 'default', runsOutAt: (remaining) => defaultRunsOutAt(remaining, now, perHour, calendar) };
  }

  /** Capacity minus the counter's move since the last replacement; near-end share when only the sensor tells. */
  private async remaining(deviceId: string, spec: CountedConsumable, capacity: number, counter: number | undefined, level: string | undefined, now: number): Promise<number | null> {
    const nearEnd = Math.round(capacity * NEAR_END_SHARE);
    const reset = counter === undefined ? null : await this.history.lastEvent(deviceId, [spec.resetEvent], now);
    if (reset && counter !== undefined) {
      const around = await this.history.readings(deviceId, reset.ts, reset.ts);
      // A manual record (已换纸) carries the counter as it was when the roll was changed.
      const recorded = typeof reset.data.counter === 'number' ? reset.data.counter : undefined;
      const baseline = recorded ?? around.map((r) => r.status.counters?.[spec.counter]).filter((v): v is number => v !== undefined).pop();
      const used = baseline === undefined ? null : usedSince(baseline, [...(await this.countersAfter(deviceId, spec.counter, reset.ts, now)), counter]);
      const left = used === null ? null : Math.max(0, capacity - used);
      // The near-end sensor knows better than a capacity setting that may be wrong.
      if (left !== null) return level === 'low' ? Math.min(left, nearEnd) : left;
    }
    return level === 'low' ? nearEnd : null;
  }

  /** The counter's stored values after `since`, oldest first. */
  private async countersAfter(deviceId: string, counter: string, since: number, now: number): Promise<number[]> {
    const readings = await this.history.readings(deviceId, since + 1, now);
    return readings.filter((r) => r.ts > since).map((r) => r.status.counters?.[counter]).filter((v): v is number => v !== undefined);
  }

  /** The device's own profile, or a busier peer's of the same kind in the branch when its own history is short. */
  private async profile(device: ForecastDevice, series: string, zone: string, now: number): Promise<ConsumptionProfile> {
    const own = await this.learn(device.id, series, zone, now);
    if (own.hoursObserved >= MIN_OWN_HOURS) return own;
    let best = own;
    for (const peer of this.twin.ofBranch(device.branchId)) {
      if (peer.id === device.id || peer.kind !== device.kind || peer.decommissioned) continue;
      const theirs = await this.learn(peer.id, series, zone, now);
      if (theirs.hoursObserved > best.hoursObserved) best = theirs;
    }
    return best;
  }

  private async learn(deviceId: string, series: string, zone: string, now: number): Promise<ConsumptionProfile> {
    let learned = this.learned.get(deviceId);
    if (!learned || now - learned.at > PROFILE_TTL_MS || now < learned.at) {
      learned = { at: now, profiles: new Map() };
      const readings = await this.history.readings(deviceId, now - LEARNING_WINDOW_MS, now);
      const held = this.twin.get(deviceId);
      if (held?.live && held.liveTs !== null && held.liveTs > (readings.at(-1)?.ts ?? -Infinity)) readings.push({ ts: held.liveTs, status: held.live });
      for (const key of seriesKeys(readings)) learned.profiles.set(key, ConsumptionProfile.learn(usage(readings, key, now - LEARNING_WINDOW_MS), zone, now));
      this.learned.set(deviceId, learned);
    }
    return learned.profiles.get(series) ?? ConsumptionProfile.learn([], zone, now);
  }

  /** Forgets what was learned (after a device's history was rewritten, and in tests). */
  forget(deviceId?: string): void {
    if (deviceId) this.learned.delete(deviceId);
    else this.learned.clear();
  }
}

function seriesKeys(readings: StoredReading[]): Set<string> {
  const keys = new Set<string>();
  for (const { status } of readings) {
    for (const counter of Object.keys(status.counters ?? {})) keys.add(counter);
    for (const unit of status.cash ?? []) keys.add(`cash:${unit.unit}`);
  }
  return keys;
}

/** Readings → a usage series; the reading before the window stands for its start. */
function usage(readings: StoredReading[], key: string, windowStart: number) {
  const values: Reading[] = [];
  for (const { ts, status } of readings) {
    const value = key.startsWith('cash:') ? status.cash?.find((u) => `cash:${u.unit}` === key)?.count : status.counters?.[key];
    if (value !== undefined) values.push({ ts: Math.max(ts, windowStart), value });
  }
  return key.startsWith('cash:') ? depletionUsage(values) : counterUsage(values);
}

/** What a counter moved from `baseline` through `values`; a counter that went back was reset (`counter.reset`) and counts from zero. */
function usedSince(baseline: number, values: number[]): number {
  let used = 0;
  let previous = baseline;
  for (const value of values) {
    used += value >= previous ? value - previous : value;
    previous = value;
  }
  return used;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
