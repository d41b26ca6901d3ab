import type { BranchCalendar } from '@lobby/calendar';

const HOUR = 3_600_000;
const HORIZON_MS = 14 * 24 * HOUR;

/**
 * When `remaining` units are used up at `perHour` during the branch's opening hours (nothing is
 * used while it is closed); `null` beyond 14 days or with no usage.
 */
export function defaultRunsOutAt(remaining: number, from: number, perHour: number, calendar: BranchCalendar): number | null {
  if (remaining <= 0) return from;
  if (perHour <= 0) return null;
  let left = remaining;
  for (const window of calendar.nextOpenings(from, 15, 16)) {
    const start = Math.max(window.opensAt, from);
    if (start >= from + HORIZON_MS) break;
    const need = (perHour * (window.closesAt - start)) / HOUR;
    if (need >= left) return Math.round(start + (left / perHour) * HOUR);
    left -= need;
  }
  return null;
}
