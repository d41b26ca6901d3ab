import type { DeviceReading } from '@lobby/contracts';

export interface StatePoint {
  ts: number;
  link: DeviceReading['link'];
  state: DeviceReading['state'];
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

/**
 * Splits a window into available / unavailable / unknown time from a status history: each status
 * holds until the next. `before` is the last status before the window (its state at the start);
 * time before the first known status is unknown.
 */
export function availabilitySplit(before: StatePoint | null, points: StatePoint[], window: { from: number; to: number }): AvailabilitySplit {
  const split: AvailabilitySplit = { availableMs: 0, unavailableMs: 0, unknownMs: 0 };
  if (window.to <= window.from) return split;
  const inside = points.filter((p) => p.ts >= window.from && p.ts < window.to).sort((a, b) => a.ts - b.ts);
  let cursor = window.from;
  let current: StatePoint | null = before;
  for (const point of [...inside, null]) {
    const end = point ? point.ts : window.to;
    const span = end - cursor;
    if (span > 0) {
      if (!current) split.unknownMs += span;
      else if (isAvailable(current)) split.availableMs += span;
      else split.unavailableMs += span;
    }
    cursor = Math.max(cursor, end);
    if (point) current = point;
  }
  return split;
}
