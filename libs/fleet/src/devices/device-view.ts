import type { DeviceReading } from '@lobby/contracts';
import type { DeviceEntity } from '../entities/device.entity';

/** A device as the HTTP API shows it: identity, settings, and the live status fields at top level. */
export interface DeviceView {
  id: string;
  branchId: string;
  kind: DeviceEntity['kind'];
  name: string | null;
  /** The English name where it differs from `name` (an addition). */
  nameEn: string | null;
  location: string | null;
  settings: DeviceEntity['settings'];
  decommissioned: boolean;
  reported: boolean;
  link: DeviceReading['link'] | null;
  state: DeviceReading['state'] | null;
  faults: DeviceReading['faults'];
  consumables?: DeviceReading['consumables'];
  counters?: DeviceReading['counters'];
  cash?: DeviceReading['cash'];
  lamp?: DeviceReading['lamp'];
  compartments?: DeviceReading['compartments'];
  statusAt: string | null;
  lastSeen: string | null;
  openAlerts: number;
  forecast: Record<string, unknown> | null;
}

/**
 * Fills a view's `forecast` (when paper, ribbon and cash run out). An optional port: the
 * checklists lib provides it (`ForecastService`); without it `forecast` stays `null`.
 */
export abstract class DeviceForecastSource {
  abstract forecast(device: Pick<DeviceEntity, 'id' | 'branchId' | 'kind' | 'settings' | 'live' | 'liveTs'>): Promise<DeviceView['forecast']>;
}

export function toDeviceView(row: DeviceEntity, openAlerts = 0): DeviceView {
  const live = row.live;
  return {
    id: row.id,
    branchId: row.branchId,
    kind: row.kind,
    name: row.name,
    nameEn: row.nameEn ?? null,
    location: row.location,
    settings: row.settings,
    decommissioned: row.decommissioned,
    reported: row.reported,
    link: live?.link ?? null,
    state: live?.state ?? null,
    faults: live?.faults ?? [],
    ...(live?.consumables ? { consumables: live.consumables } : {}),
    ...(live?.counters ? { counters: live.counters } : {}),
    ...(live?.cash ? { cash: live.cash } : {}),
    ...(live?.lamp ? { lamp: live.lamp } : {}),
    ...(live?.compartments ? { compartments: live.compartments } : {}),
    statusAt: row.liveTs ? new Date(row.liveTs).toISOString() : null,
    lastSeen: row.lastSeenAt ? new Date(row.lastSeenAt).toISOString() : null,
    openAlerts,
    forecast: null,
  };
}
