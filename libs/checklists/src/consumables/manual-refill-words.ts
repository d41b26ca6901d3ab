import type { DeviceKind, ManualConsumable } from '@lobby/contracts';
import { countedConsumables, profileOf } from '@lobby/devices';

/**
 * What a lobby manager can record by hand, the device event it becomes, and its words (Chinese
 * first; one place, so the message catalogue can take them over). Which kinds take which record
 * is each kind's profile (`manualRefills`).
 */
export const MANUAL_REFILLS: Record<ManualConsumable, { event: string; zh: string; en: string }> = {
  paper: { event: 'paper.replaced', zh: '已换纸', en: 'Paper replaced' },
  ribbon: { event: 'ribbon.replaced', zh: '已换色带', en: 'Ribbon replaced' },
  compartments: { event: 'compartments.emptied', zh: '已清空回单格', en: 'Compartments emptied' },
};

/** Whether a lobby manager may record this on a device of the kind. */
export function takesRefill(kind: DeviceKind, consumable: ManualConsumable): boolean {
  return profileOf(kind).manualRefills.includes(consumable);
}

/** The counter a replacement restarts from (what the forecast counts), if the kind counts it. */
export function refillCounter(kind: DeviceKind, consumable: ManualConsumable): string | undefined {
  return consumable === 'compartments' ? undefined : countedConsumables(kind)[consumable]?.counter;
}
