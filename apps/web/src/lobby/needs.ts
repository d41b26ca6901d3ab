import type { Device } from '../api/types';

export type Need = 'paper-out' | 'paper-low' | 'ribbon-out' | 'ribbon-low' | 'compartments-full' | 'cover-open' | 'door-open' | 'link-down';

/** What a lobby manager can do at a device now, most pressing first, with when the consumable runs out. */
export interface DeviceNeed {
  need: Need;
  runsOutAt: string | null;
}

function runsOut(device: Device, consumable: string): string | null {
  const entry = device.forecast?.[consumable] as { runsOutAt?: string | null } | undefined;
  return entry?.runsOutAt ?? null;
}

export function needsOf(device: Device): DeviceNeed[] {
  const needs: DeviceNeed[] = [];
  if (device.link === 'down' && device.state !== 'power-off') needs.push({ need: 'link-down', runsOutAt: null });
  for (const consumable of ['paper', 'ribbon'] as const) {
    const level = device.consumables?.[consumable]?.level;
    if (level === 'out') needs.push({ need: `${consumable}-out`, runsOutAt: null });
    else if (level === 'low') needs.push({ need: `${consumable}-low`, runsOutAt: runsOut(device, consumable) });
  }
  const compartments = device.compartments;
  if (device.faults.includes('compartments-full') || (compartments && compartments.total > 0 && compartments.full >= compartments.total)) {
    needs.push({ need: 'compartments-full', runsOutAt: null });
  }
  if (device.faults.includes('cover-open')) needs.push({ need: 'cover-open', runsOutAt: null });
  if (device.faults.includes('door-open')) needs.push({ need: 'door-open', runsOutAt: null });
  return needs;
}

/** Paper that is still fine but forecast to run out within `withinMs` counts as a low-level need. */
export function soonNeeds(device: Device, now: number, withinMs: number): DeviceNeed[] {
  const needs = needsOf(device);
  for (const consumable of ['paper', 'ribbon'] as const) {
    if (device.consumables?.[consumable]?.level !== 'ok') continue;
    const at = runsOut(device, consumable);
    if (at && Date.parse(at) - now < withinMs) needs.push({ need: `${consumable}-low`, runsOutAt: at });
  }
  return needs;
}
