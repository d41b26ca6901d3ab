/** A point of a cumulative-usage series: how much was used in total up to `ts`. Never decreases. */
export interface UsagePoint {
  ts: number;
  used: number;
}

/** Raw readings of one quantity over time. */
export interface Reading {
  ts: number;
  value: number;
}

/**
 * A lifetime counter (`ticketsPrinted`, `linesPrinted`) → cumulative usage. A counter that goes
 * back (a replaced device, a reset board) restarts from the new value without counting a loss.
 */
export function counterUsage(readings: Reading[]): UsagePoint[] {
  return accumulate(readings, (previous, value) => Math.max(0, value - previous));
}

/** A stock that is drawn down (notes in a cassette) → cumulative usage; refills are not usage. */
export function depletionUsage(readings: Reading[]): UsagePoint[] {
  return accumulate(readings, (previous, value) => Math.max(0, previous - value));
}

function accumulate(readings: Reading[], step: (previous: number, value: number) => number): UsagePoint[] {
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  const points: UsagePoint[] = [];
  let used = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) used += step(sorted[i - 1].value, sorted[i].value);
    points.push({ ts: sorted[i].ts, used });
  }
  return points;
}

/** Usage at an instant: the last point at or before it (statuses are stored when something changed). */
export function usedAt(points: UsagePoint[], at: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  let found: UsagePoint | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].ts <= at) {
      found = points[mid]!;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found ? found.used : null;
}
