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

/** docs/api.md: `{"paper": {"runsOutAt"}, "ribbon": {…}, "cash": {"CASS1": {…}}}`. */
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

/** How a counted consumable is measured: each kind's profile (libs/devices) says. */
export type { CountedConsumable } from '@lobby/devices';

/** A roll whose near-end sensor tripped has about this share of its capacity left. */
export const NEAR_END_SHARE = 0.1;
