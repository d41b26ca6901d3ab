import { DateTime } from 'luxon';

const HOUR = 3_600_000;
/** More tickets than this per hour from one printer is not customers: a swapped device or a bad read. */
export const MAX_TICKETS_PER_HOUR = 600;
/** An agent back from a silence publishes every device's status within this time. */
const RECONNECT_MS = 120_000;

/**
 * One stored status of a printer: its lifetime `ticketsPrinted` counter, or `null` when the
 * printer was not observed (its link down, no counter in the status).
 */
export interface CounterReading {
  ts: number;
  value: number | null;
}

/** Tickets issued in [from, to] (a point when from = to). */
export interface TicketInterval {
  from: number;
  to: number;
  tickets: number;
}

/**
 * Counter readings → tickets issued. Statuses are stored only when something changed, and the
 * agent polls the counter all the time: while the printer is observed, tickets between two
 * readings were issued just before the later one (a point). Across a time it was not observed
 * (link down, or the agent silent: `unobserved`), they are spread from the start of that time.
 * A counter that goes back was reset (a reset board, the counter-reset command): the new value
 * is what was issued since. A jump too large for the time between the readings (a replaced
 * printer with its own history) counts nothing.
 */
export function ticketIntervals(readings: CounterReading[], unobserved: { from: number; to: number }[] = []): TicketInterval[] {
  const sorted = [...readings].sort((a, b) => a.ts - b.ts);
  const out: TicketInterval[] = [];
  let prev: { ts: number; value: number } | null = null;
  let lostAt: number | null = null;
  for (const reading of sorted) {
    if (reading.value === null) {
      lostAt ??= reading.ts;
      continue;
    }
    if (prev) {
      const plausible = MAX_TICKETS_PER_HOUR * Math.max(1, (reading.ts - prev.ts) / HOUR);
      const issued = reading.value >= prev.value ? reading.value - prev.value : reading.value;
      // A silence that ended well before this reading does not count: the agent's first status
      // after it would have been stored had the counter moved meanwhile.
      const silent = unobserved.filter((u) => u.from < reading.ts && u.to > prev!.ts && u.to >= reading.ts - RECONNECT_MS).map((u) => Math.max(u.from, prev!.ts));
      const from = Math.min(lostAt ?? reading.ts, ...silent);
      if (issued > 0 && issued <= plausible) out.push({ from, to: reading.ts, tickets: issued });
    }
    prev = { ts: reading.ts, value: reading.value };
    lostAt = null;
  }
  return out;
}

/**
 * Tickets per local hour (key: the hour's start, epoch ms). A point or an interval within one
 * hour goes to that hour; one spanning several is shared out by time, in whole tickets (largest
 * remainder), so the hours always add up to the tickets issued.
 */
export function ticketsByHour(intervals: TicketInterval[], zone: string): Map<number, number> {
  const hours = new Map<number, number>();
  for (const interval of intervals) {
    for (const share of shareByHour(interval, zone)) hours.set(share.hour, (hours.get(share.hour) ?? 0) + share.n);
  }
  return hours;
}

function shareByHour(interval: TicketInterval, zone: string): { hour: number; n: number }[] {
  const first = DateTime.fromMillis(interval.from, { zone }).startOf('hour');
  if (interval.to <= first.plus({ hours: 1 }).toMillis() && interval.to > interval.from) return [{ hour: first.toMillis(), n: interval.tickets }];
  if (interval.to === interval.from) return [{ hour: first.toMillis(), n: interval.tickets }];
  const span = interval.to - interval.from;
  const shares: { hour: number; exact: number; n: number }[] = [];
  for (let cursor = first; cursor.toMillis() < interval.to; cursor = cursor.plus({ hours: 1 })) {
    const overlap = Math.min(cursor.plus({ hours: 1 }).toMillis(), interval.to) - Math.max(cursor.toMillis(), interval.from);
    const exact = (interval.tickets * overlap) / span;
    shares.push({ hour: cursor.toMillis(), exact, n: Math.floor(exact) });
  }
  let left = interval.tickets - shares.reduce((sum, s) => sum + s.n, 0);
  for (const s of [...shares].sort((a, b) => b.exact - b.n - (a.exact - a.n) || a.hour - b.hour)) {
    if (left <= 0) break;
    s.n += 1;
    left -= 1;
  }
  return shares.filter((s) => s.n > 0);
}
