import type { DeviceKind, FaultCode, Localized } from '@lobby/contracts';
import { both, FAULT_CODES } from '@lobby/contracts';
import type { ChecklistAutoItem, CountedConsumable, DeviceProfile, FaultProfile } from './core/device-profile';
import { cashDispenserProfile } from './cash-dispenser/cash-dispenser.profile';
import { lightBoxProfile } from './light-box/light-box.profile';
import { receiptBoxProfile } from './receipt-box/receipt-box.profile';
import { ticketPrinterProfile } from './ticket-printer/ticket-printer.profile';

/**
 * Every kind's profile. A new kind is one folder plus one line here; `satisfies Record<…>`
 * makes a kind without a profile a compile error. The order is the order people see kinds in.
 */
export const DEVICE_PROFILES = {
  'ticket-printer': ticketPrinterProfile,
  'cash-dispenser': cashDispenserProfile,
  'receipt-box': receiptBoxProfile,
  'light-box': lightBoxProfile,
} satisfies Record<DeviceKind, DeviceProfile>;

export const ALL_PROFILES: readonly DeviceProfile[] = Object.values(DEVICE_PROFILES);

export function profileOf(kind: DeviceKind): DeviceProfile {
  return DEVICE_PROFILES[kind];
}

/** A kind's name in both languages ("取号机" / "Ticket printer"). */
export function kindName(kind: DeviceKind): Localized {
  return DEVICE_PROFILES[kind].name;
}

/** A fault code seen on no kind's profile (a newer agent): named generically, never by its code. */
const UNKNOWN_FAULT: FaultProfile = { name: { zh: '设备故障', en: 'device fault' }, action: { zh: '报修', en: 'call maintenance' }, repair: false };

/** How people call a fault: from the device's own kind first, else any kind that reports it. */
export function faultProfile(code: string, kind?: DeviceKind): FaultProfile {
  const own = kind ? DEVICE_PROFILES[kind].faults[code as FaultCode] : undefined;
  return own ?? ALL_PROFILES.map((p) => p.faults[code as FaultCode]).find((f) => f !== undefined) ?? UNKNOWN_FAULT;
}

/** The faults needing a repair ticket on some kind, in contract order. */
export function repairFaults(): FaultCode[] {
  return FAULT_CODES.filter((code) => ALL_PROFILES.some((p) => p.faults[code]?.repair));
}

/** The kinds that have a kind-specific alert rule. */
export function kindsWithRule(ruleId: string): DeviceKind[] {
  return ALL_PROFILES.filter((p) => p.alerting.rules.includes(ruleId)).map((p) => p.kind);
}

/** Severity per kind where a profile overrides a rule's own. */
export function severityByKind(ruleId: string): Partial<Record<DeviceKind, NonNullable<DeviceProfile['alerting']['severity'][string]>>> | undefined {
  const entries = ALL_PROFILES.flatMap((p) => (p.alerting.severity[ruleId] ? [[p.kind, p.alerting.severity[ruleId]] as const] : []));
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The kinds whose checklist of this kind has the auto item. */
export function kindsWithCheck(checklist: 'opening' | 'closing', item: ChecklistAutoItem): DeviceKind[] {
  return ALL_PROFILES.filter((p) => p.checklist[checklist].includes(item)).map((p) => p.kind);
}

export function countedConsumables(kind: DeviceKind): Partial<Record<'paper' | 'ribbon', CountedConsumable>> {
  return DEVICE_PROFILES[kind].counted;
}

/** Kinds with something to forecast (a counted consumable or cash). */
export function forecastKinds(): DeviceKind[] {
  return ALL_PROFILES.filter((p) => Object.keys(p.counted).length > 0 || p.cash).map((p) => p.kind);
}

/** A device as people name it: its name (or its kind and id when unnamed) and its location. */
export function deviceLabel(device: { kind: DeviceKind; id: string; name?: string | null; nameEn?: string | null; location?: string | null }): Localized {
  const name: Localized = device.name
    ? { zh: device.name, en: device.nameEn ?? device.name }
    : both('device.unnamed', { kind: kindName(device.kind), id: device.id });
  return device.location ? both('device.label', { name, location: device.location }) : name;
}
