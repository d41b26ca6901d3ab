import { DeviceReading } from '@lobby/contracts';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;

/**
 * Decides when a device's reading becomes a published status: at once when it differs from the
 * last one published, otherwise as a heartbeat every `heartbeatMs`. Readings are compared in a
 * normalized form, so a reordered fault list is no change.
 */
export class StatusGate {
  private lastKey?: string;
  private lastAt = 0;

  constructor(private readonly heartbeatMs = DEFAULT_HEARTBEAT_INTERVAL_MS) {}

  /** A new reading: should it be published now? */
  changed(reading: DeviceReading): boolean {
    return readingKey(reading) !== this.lastKey;
  }

  /** The unchanged state is due again. */
  heartbeatDue(now: number): boolean {
    return this.lastKey !== undefined && now - this.lastAt >= this.heartbeatMs;
  }

  published(reading: DeviceReading, now: number): void {
    this.lastKey = readingKey(reading);
    this.lastAt = now;
  }
}

/** A canonical string of the fields that matter: sorted faults and cash units, sorted keys. */
export function readingKey(reading: DeviceReading): string {
  const normalized = {
    ...reading,
    faults: [...reading.faults].sort(),
    cash: reading.cash ? [...reading.cash].sort((a, b) => a.unit.localeCompare(b.unit)) : undefined,
  };
  return JSON.stringify(sortKeys(normalized));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
