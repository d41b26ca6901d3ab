import type { DeviceKind, DeviceReading, DeviceSettings } from '@lobby/contracts';

/** One consumable's forecast, as `GET /api/devices/{id}` shows it under `forecast`. */
export type ConsumableForecast = {
  /** When it is expected to run out (UTC ISO-8601); `null` when unknown or not within 14 days. */
  runsOutAt: string | null;
  /** Units left (tickets, lines or notes); `null` when unknown. */
  remaining: number | null;
  /** A full roll or ribbon, in the same units (paper and ribbon only). */
  capacity?: number;
  unit: 'tickets' | 'lines' | 'notes';
  /** Where the rate came from: `learned` (the device's or a peer's history) or the kind's `default`. */
  basis: ForecastBasis;
};

export type ForecastBasis = 'learned' | 'default';

/** CONTRACT.md §3: `{"paper": {"runsOutAt"}, "ribbon": {…}, "cash": {"CASS1": {…}}}`. */
export type DeviceForecast = {
  paper?: ConsumableForecast;
  ribbon?: ConsumableForecast;
  cash?: Record<string, ConsumableForecast>;
};

export interface ForecastDevice {
  id: string;
  branchId: string;
  kind: DeviceKind;
  settings: DeviceSettings;
  live: DeviceReading | null;
  liveTs: number | null;
}

/** How a counted consumable is measured: which counter wears it, what a new one holds, what resets it. */
export interface CountedConsumable {
  counter: 'ticketsPrinted' | 'linesPrinted';
  unit: 'tickets' | 'lines';
  defaultCapacity: number;
  setting: 'paperRollCapacity' | 'ribbonLifeLines';
  resetEvent: 'paper.replaced' | 'ribbon.replaced';
}

/**
 * Defaults (docs/checklists.md): an 80 mm queue-ticket roll gives about 800 tickets; a receipt-box
 * roll about 5,000 lines; a dot-matrix ribbon about 50,000 lines. Each is a device setting.
 */
export const COUNTED_CONSUMABLES: Partial<Record<DeviceKind, Partial<Record<'paper' | 'ribbon', CountedConsumable>>>> = {
  'ticket-printer': {
    paper: { counter: 'ticketsPrinted', unit: 'tickets', defaultCapacity: 800, setting: 'paperRollCapacity', resetEvent: 'paper.replaced' },
  },
  'receipt-box': {
    paper: { counter: 'linesPrinted', unit: 'lines', defaultCapacity: 5000, setting: 'paperRollCapacity', resetEvent: 'paper.replaced' },
    ribbon: { counter: 'linesPrinted', unit: 'lines', defaultCapacity: 50_000, setting: 'ribbonLifeLines', resetEvent: 'ribbon.replaced' },
  },
};

/** A roll whose near-end sensor tripped has about this share of its capacity left. */
export const NEAR_END_SHARE = 0.1;
