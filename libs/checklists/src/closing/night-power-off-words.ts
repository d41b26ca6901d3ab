import { both } from '@lobby/contracts';

/** What the closing checklist says about the night power-off (营业后关机), from the message catalogue. */
export const POWER_OFF_WORDS = {
  title: (name: string) => both('powerOff.title', { name }),
  sent: both('powerOff.sent'),
  done: both('powerOff.done'),
  failed: (error: string) => both('powerOff.failed', { error }),
  expired: both('powerOff.expired'),
  unsupported: both('powerOff.unsupported'),
} as const;
