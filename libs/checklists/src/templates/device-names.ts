import type { DeviceKind } from '@lobby/contracts';
import type { Localized } from './checklist-templates.schema';

/** The users' words for each device kind (DOMAIN.md). */
export const KIND_NAMES: Record<DeviceKind, Localized> = {
  'ticket-printer': { zh: '取号机', en: 'queue-ticket printer' },
  'cash-dispenser': { zh: '自动取款机', en: 'cash dispenser' },
  'light-box': { zh: '灯箱', en: 'light box' },
  'receipt-box': { zh: '回单箱', en: 'receipt box' },
};

/** Chinese first, English after: the single-string form the API shows. */
export function bilingual(text: Localized): string {
  return text.zh === text.en ? text.zh : `${text.zh} / ${text.en}`;
}
