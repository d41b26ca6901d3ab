import { Injectable } from '@nestjs/common';
import { Clock, LruMap } from '@lobby/platform';
import { ConsumptionHistory, DeviceTwin, HistoryReads, HistorySnapshot, StoredReading } from '@lobby/fleet';
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

/** One forecast round: the instant it is made at and where its history reads go. */
interface Round {
  now: number;
  history: HistoryReads;
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

  async forecast(device: ForecastDevice, round: Round = { now: this.clock.now(), history: this.history }): Promise<DeviceForecast | null> {
    const branch = await this.calendars.get(device.branchId);
    if (!branch) return null;
    const calendar = branch.calendar;
    const { now } = round;
    const live = this.twin.get(device.id)?.live ?? device.live;
    const result: DeviceForecast = {};
    const profile = profileOf(device.kind);
    for (const [which, spec] of Object.entries(profile.counted) as ['paper' | 'ribbon', CountedConsumable][]) {
      result[which] = await this.counted(device, which, spec, calendar, round);
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
          const rate = await this.rate(device, `cash:${unit.unit}`, profile.cash.usagePerOpenHour, calendar, round);
          result.cash[unit.unit] = { runsOutAt: iso(rate.runsOutAt(unit.count)), remaining: unit.count, unit: 'notes', basis: rate.basis };
        }
      }
    }
    return Object.keys(result).length ? result : null;
  }

  /**
   * The forecasts of many devices (a branch's checklist, its refill plan), each `null` when there
   * is none or it failed: per branch, the history of the devices not learned lately and their last
   * replacements are read in a few statements (`HistorySnapshot`) instead of three or four per device.
   */
  async forecastAll(devices: ForecastDevice[]): Promise<Map<string, DeviceForecast | null>> {
    const out = new Map<string, DeviceForecast | null>();
    for (const group of byBranch(devices)) {
      const now = this.clock.now();
      const round = { now, history: await this.snapshot(group, now).catch(() => this.history) };
      for (const device of group) out.set(device.id, await this.forecast(device, round).catch(() => null));
    }
    return out;
  }

  /** What the group's forecasts will read: learning windows of devices (and same-kind peers) not learned lately, their reset events. */
  private snapshot(group: ForecastDevice[], now: number): Promise<HistorySnapshot> {
    const ids = new Set(group.map((d) => d.id));
    const kinds = new Set(group.map((d) => d.kind));
    for (const peer of this.twin.ofBranch(group[0].branchId)) if (kinds.has(peer.kind) && !peer.decommissioned) ids.add(peer.id);
    const types = [...new Set(group.flatMap((d) => Object.values(profileOf(d.kind).counted).map((spec) => spec.resetEvent)))];
    return HistorySnapshot.take(this.history, {
      from: now - LEARNING_WINDOW_MS,
      to: now,
      readingsOf: [...ids].filter((id) => !this.fresh(this.learned.peek(id), now)),
      eventsOf: group.map((d) => d.id),
      types,
    });
  }

  private async counted(device: ForecastDevice, which: 'paper' | 'ribbon', spec: CountedConsumable, calendar: BranchCalendar, round: Round): Promise<ConsumableForecast> {
    const live = this.twin.get(device.id)?.live ?? device.live;
    const capacity = device.settings[spec.setting] ?? spec.defaultCapacity;
    const rate = await this.rate(device, spec.counter, spec.usagePerOpenHour, calendar, round);
    const base = { capacity, unit: spec.unit, basis: rate.basis };
    const level = live?.consumables?.[which]?.level;
    if (level === 'out') return { ...base, runsOutAt: new Date(round.now).toISOString(), remaining: 0 };
    const remaining = await this.remaining(device.id, spec, capacity, live?.counters?.[spec.counter], level, round);
    if (remaining === null) return { ...base, runsOutAt: null, remaining: null };
    return { ...base, runsOutAt: iso(rate.runsOutAt(remaining)), remaining };
  }

  /**
   * The learned profile once its history shows some usage (the device's own, or a peer's while its
   * own is short), else the kind's default usage per opening hour (or `settings.usagePerOpenHour`).
   */
  private async rate(device: ForecastDevice, series: string, fallback: number, calendar: BranchCalendar, round: Round): Promise<{ basis: ForecastBasis; runsOutAt(remaining: number): number | null }> {
    const { now } = round;
    const profile = await this.profile(device, series, calendar.timezone, round);
    if (profile.sawUsage) return { basis: 'learned', runsOutAt: (remaining) => profile.runsOutAt(remaining, now) };
    const perHour = device.settings.usagePerOpenHour ?? fallback;
    return { basis: 'default', runsOutAt: (remaining) => defaultRunsOutAt(remaining, now, perHour, calendar) };
  }

  /** Capacity minus the counter's move since the last replacement; near-end share when only the sensor tells. */
  private async remaining(deviceId: string, spec: CountedConsumable, capacity: number, counter: number | undefined, level: string | undefined, round: Round): Promise<number | null> {
    const { now, history } = round;
    const nearEnd = Math.round(capacity * NEAR_END_SHARE);
    const reset = counter === undefined ? null : await history.lastEvent(deviceId, [spec.resetEvent], now);
    if (reset && counter !== undefined) {
      const around = await history.readings(deviceId, reset.ts, reset.ts);
      // A manual record (已换纸) carries the counter as it was when the roll was changed.
      const recorded = typeof reset.data.counter === 'number' ? reset.data.counter : undefined;
      const baseline = recorded ?? around.map((r) => r.status.counters?.[spec.counter]).filter((v): v is number => v !== undefined).pop();
      const used = baseline === undefined ? null : usedSince(baseline, [...(await this.countersAfter(deviceId, spec.counter, reset.ts, round)), counter]);
      const left = used === null ? null : Math.max(0, capacity - used);
      // The near-end sensor knows better than a capacity setting that may be wrong.
      if (left !== null) return level === 'low' ? Math.min(left, nearEnd) : left;
    }
    return level === 'low' ? nearEnd : null;
  }

  /** The counter's stored values after `since`, oldest first. */
  private async countersAfter(deviceId: string, counter: string, since: number, { now, history }: Round): Promise<number[]> {
    const readings = await history.readings(deviceId, since + 1, now);
    return readings.filter((r) => r.ts > since).map((r) => r.status.counters?.[counter]).filter((v): v is number => v !== undefined);
  }

  /** The device's own profile, or a busier peer's of the same kind in the branch when its own history is short. */
  private async profile(device: ForecastDevice, series: string, zone: string, round: Round): Promise<ConsumptionProfile> {
    const own = await this.learn(device.id, series, zone, round);
    if (own.hoursObserved >= MIN_OWN_HOURS) return own;
    let best = own;
    for (const peer of this.twin.ofBranch(device.branchId)) {
      if (peer.id === device.id || peer.kind !== device.kind || peer.decommissioned) continue;
      const theirs = await this.learn(peer.id, series, zone, round);
      if (theirs.hoursObserved > best.hoursObserved) best = theirs;
    }
    return best;
  }

  private async learn(deviceId: string, series: string, zone: string, { now, history }: Round): Promise<ConsumptionProfile> {
    let learned = this.learned.get(deviceId);
    if (!this.fresh(learned, now)) {
      learned = { at: now, profiles: new Map() };
      const readings = await history.readings(deviceId, now - LEARNING_WINDOW_MS, now);
      const held = this.twin.get(deviceId);
      if (held?.live && held.liveTs !== null && held.liveTs > (readings.at(-1)?.ts ?? -Infinity)) readings.push({ ts: held.liveTs, status: held.live });
      for (const key of seriesKeys(readings)) learned.profiles.set(key, ConsumptionProfile.learn(usage(readings, key, now - LEARNING_WINDOW_MS), zone, now));
      this.learned.set(deviceId, learned);
    }
    return learned.profiles.get(series) ?? ConsumptionProfile.learn([], zone, now);
  }

  private fresh(learned: Learned | undefined, now: number): learned is Learned {
    return learned !== undefined && now - learned.at <= PROFILE_TTL_MS && now >= learned.at;
  }

  /** Forgets what was learned (after a device's history was rewritten, and in tests). */
  forget(deviceId?: string): void {
    if (deviceId) this.learned.delete(deviceId);
    else this.learned.clear();
  }
}

function byBranch(devices: ForecastDevice[]): ForecastDevice[][] {
  const groups = new Map<string, ForecastDevice[]>();
  for (const device of devices) {
    const group = groups.get(device.branchId);
    if (group) group.push(device);
    else groups.set(device.branchId, [device]);
  }
  return [...groups.values()];
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
