import { localHour, nextLocalHour } from '@lobby/calendar';
import { UsagePoint, usedAt } from './usage-series';

const HOUR = 3_600_000;
const WEEK_HOURS = 7 * 24;

/**
 * Where each mean lives in a profile's one array: usage sums and observed-hour counts per
 * (weekday, hour), then per hour of any day. Float32 holds every count and sum exactly (a month
 * of hours; usage sums exact below 16 million), and one small array per series is what keeps
 * 100,000 devices' profiles in memory (about 1.6 KB each, against 20 KB as maps of objects).
 */
const SUM = 0;
const COUNT = WEEK_HOURS;
const HOUR_SUM = 2 * WEEK_HOURS;
const HOUR_COUNT = 2 * WEEK_HOURS + 24;
const SIZE = 2 * WEEK_HOURS + 48;

const weekHour = (weekday: number, hour: number) => (weekday - 1) * 24 + hour;

/**
 * How fast something is used, learned per branch-local weekday and hour of day: the mean usage
 * of each (weekday, hour) over the observed history. An hour never seen on that weekday falls back
 * to the same hour on any day, and an hour never seen at all to the mean of all observed hours.
 */
export class ConsumptionProfile {
  private constructor(
    readonly zone: string,
    private readonly buckets: Float32Array,
    private readonly overallSum: number,
    private readonly overallCount: number,
  ) {}

  /** Observed hours: the learning basis. No hours, no forecast. */
  get hoursObserved(): number {
    return this.overallCount;
  }

  /**
   * Learns from a usage series: every whole local hour between the first point and `until`
   * counts, with the usage the series shows across it (zero when nothing changed).
   */
  static learn(points: UsagePoint[], zone: string, until: number): ConsumptionProfile {
    const buckets = new Float32Array(SIZE);
    let sum = 0;
    let count = 0;
    const first = points[0];
    if (first) {
      let start = localHour(first.ts, zone).hourStart;
      if (start < first.ts) start += HOUR;
      let usedAtStart = usedAt(points, start) ?? 0;
      for (let end = start + HOUR; end <= until; start = end, end += HOUR) {
        const usedAtEnd = usedAt(points, end) ?? 0;
        const used = usedAtEnd - usedAtStart;
        usedAtStart = usedAtEnd;
        const { weekday, hour } = localHour(start, zone);
        const slot = weekHour(weekday, hour);
        buckets[SUM + slot] += used;
        buckets[COUNT + slot] += 1;
        buckets[HOUR_SUM + hour] += used;
        buckets[HOUR_COUNT + hour] += 1;
        sum += used;
        count += 1;
      }
    }
    return new ConsumptionProfile(zone, buckets, sum, count);
  }

  /** Whether anything was used in the observed hours: a rate can be told from them. */
  get sawUsage(): boolean {
    return this.overallSum > 0;
  }

  /** Expected usage per hour in the local hour containing `at`; `null` with nothing learned. */
  ratePerHour(at: number): number | null {
    const { weekday, hour } = localHour(at, this.zone);
    const slot = weekHour(weekday, hour);
    if (this.buckets[COUNT + slot] > 0) return this.buckets[SUM + slot] / this.buckets[COUNT + slot];
    if (this.buckets[HOUR_COUNT + hour] > 0) return this.buckets[HOUR_SUM + hour] / this.buckets[HOUR_COUNT + hour];
    return this.overallCount > 0 ? this.overallSum / this.overallCount : null;
  }

  /** Expected usage between two instants, hour by hour. */
  expectedUsage(from: number, to: number): number {
    let total = 0;
    for (let cursor = from; cursor < to; ) {
      const hourEnd = Math.min(to, nextLocalHour(cursor, this.zone));
      total += ((this.ratePerHour(cursor) ?? 0) * (hourEnd - cursor)) / HOUR;
      cursor = hourEnd;
    }
    return total;
  }

  /**
   * When `remaining` units are used up from `from` on, walking the profile hour by hour (linear
   * within an hour); `null` when nothing is learned or it lasts beyond the horizon.
   */
  runsOutAt(remaining: number, from: number, horizonMs = 14 * 24 * HOUR): number | null {
    if (remaining <= 0) return from;
    if (this.overallCount === 0) return null;
    let left = remaining;
    for (let cursor = from; cursor < from + horizonMs; ) {
      const hourEnd = nextLocalHour(cursor, this.zone);
      const rate = this.ratePerHour(cursor) ?? 0;
      const need = (rate * (hourEnd - cursor)) / HOUR;
      if (rate > 0 && need >= left) return Math.round(cursor + (left / rate) * HOUR);
      left -= need;
      cursor = hourEnd;
    }
    return null;
  }
}
