import { both, type DeviceKind, type ManualConsumable } from '@lobby/contracts';
import { countedConsumables, profileOf } from '@lobby/devices';

/**
 * What a lobby manager can record by hand, the device event it becomes, and its words (from the
 * message catalogue). Which kinds take which record is each kind's profile (`manualRefills`).
 */
export const MANUAL_REFILLS: Record<ManualConsumable, { event: string; zh: string; en: string }> = {
  paper: { event: 'paper.replaced', ...both('manualRefill.paper') },
  ribbon: { event: 'ribbon.replaced', ...both('manualRefill.ribbon') },
  compartments: { event: 'compartments.emptied', ...both('manualRefill.compartments') },
};

/** Whether a lobby manager may record this on a device of the kind. */
export function takesRefill(kind: DeviceKind, consumable: ManualConsumable): boolean {
  return profileOf(kind).manualRefills.includes(consumable);
}

/** The counter a replacement restarts from (what the forecast counts), if the kind counts it. */
export function refillCounter(kind: DeviceKind, consumable: ManualConsumable): string | undefined {
  return consumable === 'compartments' ? undefined : countedConsumables(kind)[consumable]?.counter;
}
