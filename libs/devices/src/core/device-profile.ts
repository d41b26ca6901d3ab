import type { ManualConsumable, DeviceKind, FaultCode, Localized } from '@lobby/contracts';

export type ProfileSeverity = 'critical' | 'major' | 'minor' | 'warning';

/** A fault as people know it: its name, and what a person does about it. */
export interface FaultProfile {
  name: Localized;
  action: Localized;
  /** A hardware fault needing a repair ticket (doors and protocol errors have rules of their own). */
  repair: boolean;
}

/** A consumable worn by a counter: what a new one holds, which setting overrides that, what resets it. */
export interface CountedConsumable {
  counter: 'ticketsPrinted' | 'linesPrinted';
  unit: 'tickets' | 'lines';
  defaultCapacity: number;
  setting: 'paperRollCapacity' | 'ribbonLifeLines';
  resetEvent: 'paper.replaced' | 'ribbon.replaced';
  /** What the device uses per opening hour until its own profile is learned. */
  usagePerOpenHour: number;
}

export type ChecklistAutoItem = 'device-ok' | 'paper' | 'ribbon' | 'lamp' | 'switched-on' | 'powered-off' | 'lamp-check';
export type DailyLogCounter = 'printed' | 'paperReplaced' | 'ribbonReplaced' | 'cash';

/**
 * Everything kind-specific above the driver: names, faults, consumables, alert rules, checklist
 * items, forecasts and daily-log counters. Alerting, checklists, forecasts, the log and
 * notifications read this; a new kind is a new folder with its profile and one registry line.
 */
export interface DeviceProfile {
  kind: DeviceKind;
  name: Localized;
  /** The faults this kind reports, by contract code. */
  faults: Partial<Record<FaultCode, FaultProfile>>;
  /** Consumables the kind has (live levels), and those a counter wears for forecasts. */
  consumables: ('paper' | 'ribbon')[];
  counted: Partial<Record<'paper' | 'ribbon', CountedConsumable>>;
  /** Cash units whose count is forecast (notes dispensed per opening hour until learned). */
  cash?: { usagePerOpenHour: number };
  alerting: {
    /** Rules that only some kinds have (the general rules apply to every kind). */
    rules: string[];
    /** A severity other than the rule's own, by rule id. */
    severity: Partial<Record<string, ProfileSeverity>>;
  };
  checklist: { opening: ChecklistAutoItem[]; closing: ChecklistAutoItem[] };
  /** A lamp on its own light schedule: off by day is normal, unlit when due is an alert. */
  lampSchedule: boolean;
  /** A cash machine of the self-service area: what it can do decides 分流, a 24-hour area keeps it on at night. */
  selfService: boolean;
  /** The counter of tickets issued, read for the customer flow (客流). */
  customerFlowCounter?: 'ticketsPrinted';
  /** What a lobby manager may record by hand (已换纸 / 已换色带 / 已清空回单格). */
  manualRefills: ManualConsumable[];
  dailyLog: { counters: DailyLogCounter[] };
}
