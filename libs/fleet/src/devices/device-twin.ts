import { Injectable } from '@nestjs/common';
import type { DeviceKind, DeviceReading } from '@lobby/contracts';

export interface TwinDevice {
  id: string;
  branchId: string;
  kind: DeviceKind;
  decommissioned: boolean;
  live: DeviceReading | null;
  liveTs: number | null;
  liveSeq: number | null;
  lastSeenAt: number | null;
}

/**
 * The live state of every device, in memory: a cache of the `device` table (the database
 * decides which status is newest), used to see what changed without a round trip.
 */
@Injectable()
export class DeviceTwin {
  private readonly devices = new Map<string, TwinDevice>();

  get(id: string): TwinDevice | undefined {
    return this.devices.get(id);
  }
  set(device: TwinDevice): void {
    this.devices.set(device.id, device);
  }
  delete(id: string): void {
    this.devices.delete(id);
  }
  get size(): number {
    return this.devices.size;
  }
  ofBranch(branchId: string): TwinDevice[] {
    return [...this.devices.values()].filter((d) => d.branchId === branchId);
  }
}

/** Two readings are the same when every normalized field is (key order does not matter). */
export function sameReading(a: DeviceReading | null, b: DeviceReading | null): boolean {
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
