import type { DeviceKind, ManualConsumable } from '@lobby/contracts';

/**
 * What a lobby manager can record by hand, on which kinds, the device event it becomes, and its
 * words (Chinese first; one place, so the message catalogue can take them over).
 */
export const MANUAL_REFILLS: Record<ManualConsumable, { kinds: readonly DeviceKind[]; event: string; zh: string; en: string }> = {
  paper: { kinds: ['ticket-printer', 'receipt-box', 'cash-dispenser'], event: 'paper.replaced', zh: '已换纸', en: 'Paper replaced' },
  ribbon: { kinds: ['receipt-box', 'cash-dispenser'], event: 'ribbon.replaced', zh: '已换色带', en: 'Ribbon replaced' },
  compartments: { kinds: ['receipt-box'], event: 'compartments.emptied', zh: '已清空回单格', en: 'Compartments emptied' },
};

/** The counter a replacement restarts from, per kind and consumable (what the forecast counts). */
export const REFILL_COUNTERS: Partial<Record<DeviceKind, Partial<Record<ManualConsumable, string>>>> = {
  'ticket-printer': { paper: 'ticketsPrinted' },
  'receipt-box': { paper: 'linesPrinted', ribbon: 'linesPrinted' },
};
