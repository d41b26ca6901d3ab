import type { DeviceReading } from '@lobby/contracts';

export interface StatePoint {
  ts: number;
  link: DeviceReading['link'];
  state: DeviceReading['state'];
}

/** A span of time, [from, to). */
export interface Span {
  from: number;
  to: number;
}

export interface AvailabilitySplit {
  availableMs: number;
  unavailableMs: number;
  unknownMs: number;
}

/**
 * A device is available while its agent hears it (`link: up`) and it is working: not `fault`,
 * `offline` or `power-off` (switched off during opening hours serves nobody).
 */
export function isAvailable(point: Pick<StatePoint, 'link' | 'state'>): boolean {
  return point.link === 'up' && point.state !== 'fault' && point.state !== 'offline' && point.state !== 'power-off';
}

type Mark = { ts: number; order: number; point?: StatePoint; silent?: boolean };

/**
 * Splits a window into available / unavailable / unknown time from a status history: each status
 * holds until the next. `before` is the last status before the window (its state at the start);
 * time before the first known status is unknown. `silences` are spans in which the centre heard
 * nothing from the device's agent (its will until its next birth): a status from before a silence
 * says nothing about it, so that time is unknown unless statuses replayed from the agent's buffer
 * fall inside it; when the silence ends the last known status holds again.
 */
export function availabilitySplit(before: StatePoint | null, points: StatePoint[], window: Span, silences: Span[] = []): AvailabilitySplit {
  const split: AvailabilitySplit = { availableMs: 0, unavailableMs: 0, unknownMs: 0 };
  if (window.to <= window.from) return split;
  // At one instant a silence's start goes first (a status at that instant wins), its end last.
  const marks: Mark[] = [
    ...(before ? [{ ts: before.ts, order: 1, point: before }] : []),
    ...points.filter((p) => p.ts < window.to).map((p) => ({ ts: p.ts, order: 1, point: p })),
    ...silences.filter((s) => s.to > s.from).flatMap((s) => [{ ts: s.from, order: 0, silent: true }, { ts: s.to, order: 2, silent: false }]),
  ].sort((a, b) => a.ts - b.ts || a.order - b.order);
  let known: StatePoint | null = null;
  let current: StatePoint | null = null;
  let cursor = -Infinity;
  const add = (until: number) => {
    const span = Math.min(until, window.to) - Math.max(cursor, window.from);
    if (span > 0) {
      if (!current) split.unknownMs += span;
      else if (isAvailable(current)) split.availableMs += span;
      else split.unavailableMs += span;
    }
    cursor = Math.max(cursor, until);
  };
  for (const mark of marks) {
    add(mark.ts);
    if (mark.point) current = known = mark.point;
    else current = mark.silent ? null : known;
  }
  add(window.to);
  return split;
}

/** The split summed over several expected windows (each cut at `end`), with the expected time. */
export function splitOver(before: StatePoint | null, points: StatePoint[], windows: Span[], silences: Span[], end: number): AvailabilitySplit & { expectedMs: number } {
  const total = { expectedMs: 0, availableMs: 0, unavailableMs: 0, unknownMs: 0 };
  for (const w of windows) {
    const window = { from: w.from, to: Math.min(w.to, Math.max(w.from, end)) };
    const split = availabilitySplit(before, points, window, silences);
    total.expectedMs += window.to - window.from;
    total.availableMs += split.availableMs;
    total.unavailableMs += split.unavailableMs;
    total.unknownMs += split.unknownMs;
  }
  return total;
}

/** Availability over the time with data (unknown time never counts as down); `null` with no data. */
export function availabilityRatio(split: Pick<AvailabilitySplit, 'availableMs' | 'unavailableMs'>): number | null {
  const known = split.availableMs + split.unavailableMs;
  return known > 0 ? round(split.availableMs / known) : null;
}

/** How much of the expected time has data; `null` when nothing was expected. */
export function availabilityCoverage(split: AvailabilitySplit, expectedMs = split.availableMs + split.unavailableMs + split.unknownMs): number | null {
  return expectedMs > 0 ? round((split.availableMs + split.unavailableMs) / expectedMs) : null;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
