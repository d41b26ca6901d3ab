import { DateTime } from 'luxon';
import { UsagePoint, usedAt } from './usage-series';

const HOUR = 3_600_000;

interface Bucket {
  sum: number;
  n: number;
}

/**
 * How fast something is used, learned per branch-local weekday and hour of day: the mean usage
 * of each (weekday, hour) over the observed history. An hour never seen on that weekday falls back
 * to the same hour on any day, and an hour never seen at all to the mean of all observed hours.
 */
export class ConsumptionProfile {
  private constructor(
    readonly zone: string,
    private readonly byWeekdayHour: Map<string, Bucket>,
    private readonly byHour: Map<number, Bucket>,
    private readonly overall: Bucket,
  ) {}

  /** Observed hours: the learning basis. No hours, no forecast. */
  get hoursObserved(): number {
    return this.overall.n;
  }

  /**
   * Learns from a usage series: every whole local hour between the first point and `until`
   * counts, with the usage the series shows across it (zero when nothing changed).
   */
  static learn(points: UsagePoint[], zone: string, until: number): ConsumptionProfile {
    const byWeekdayHour = new Map<string, Bucket>();
    const byHour = new Map<number, Bucket>();
    const overall: Bucket = { sum: 0, n: 0 };
    const first = points[0];
    if (first) {
      let start = DateTime.fromMillis(first.ts, { zone }).startOf('hour');
      if (start.toMillis() < first.ts) start = start.plus({ hours: 1 });
      for (let end = start.plus({ hours: 1 }); end.toMillis() <= until; start = end, end = end.plus({ hours: 1 })) {
        const used = (usedAt(points, end.toMillis()) ?? 0) - (usedAt(points, start.toMillis()) ?? 0);
        add(byWeekdayHour, `${start.weekday}-${start.hour}`, used);
        add(byHour, start.hour, used);
        overall.sum += used;
        overall.n += 1;
      }
    }
    return new ConsumptionProfile(zone, byWeekdayHour, byHour, overall);
  }

  /** Whether anything was used in the observed hours: a rate can be told from them. */
  get sawUsage(): boolean {
    return this.overall.sum > 0;
  }

  /** Expected usage per hour in the local hour containing `at`; `null` with nothing learned. */
  ratePerHour(at: number): number | null {
    const local = DateTime.fromMillis(at, { zone: this.zone });
    const bucket = this.byWeekdayHour.get(`${local.weekday}-${local.hour}`) ?? this.byHour.get(local.hour) ?? (this.overall.n ? this.overall : null);
    return bucket ? bucket.sum / bucket.n : null;
  }

  /** Expected usage between two instants, hour by hour. */
  expectedUsage(from: number, to: number): number {
    let total = 0;
    for (let cursor = from; cursor < to; ) {
      const hourEnd = Math.min(to, DateTime.fromMillis(cursor, { zone: this.zone }).startOf('hour').plus({ hours: 1 }).toMillis());
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
    if (this.overall.n === 0) return null;
    let left = remaining;
    for (let cursor = from; cursor < from + horizonMs; ) {
      const hourEnd = DateTime.fromMillis(cursor, { zone: this.zone }).startOf('hour').plus({ hours: 1 }).toMillis();
      const rate = this.ratePerHour(cursor) ?? 0;
      const need = (rate * (hourEnd - cursor)) / HOUR;
      if (rate > 0 && need >= left) return Math.round(cursor + (left / rate) * HOUR);
      left -= need;
      cursor = hourEnd;
    }
    return null;
  }
}

function add<K>(map: Map<K, Bucket>, key: K, used: number): void {
  const bucket = map.get(key) ?? { sum: 0, n: 0 };
  bucket.sum += used;
  bucket.n += 1;
  map.set(key, bucket);
}
