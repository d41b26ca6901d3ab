import { IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Offsets are looked up once per zone and UTC quarter hour: every real zone changes its offset on one. */
const SLOT_MS = 15 * MINUTE_MS;
const CACHE_MAX = 50_000;

/** The branch-local hour an instant falls in. */
export interface LocalHour {
  /** ISO weekday, 1 = Monday … 7 = Sunday (as luxon's `weekday`). */
  weekday: number;
  /** 0–23. */
  hour: number;
  /** The instant the local hour began. */
  hourStart: number;
}

const offsets = new Map<string, number>();
const zones = new Map<string, IANAZone>();

/**
 * The local weekday and hour of an instant in an IANA zone, without building a luxon DateTime:
 * forecasts walk weeks hour by hour for every device (a luxon DateTime per hour cost 15 ms per
 * device's profile, the whole of a 100,000-device fleet's start-up). The zone's UTC offset is
 * cached per quarter hour and shared by the process; the local fields are then plain arithmetic.
 */
export function localHour(at: number, zone: string): LocalHour {
  const local = at + offsetMinutes(at, zone) * MINUTE_MS;
  const date = new Date(local);
  const intoHour = local - Math.floor(local / HOUR_MS) * HOUR_MS;
  return { weekday: ((date.getUTCDay() + 6) % 7) + 1, hour: date.getUTCHours(), hourStart: at - intoHour };
}

/** The instant the next local hour begins (an hour after this one began; DST moves keep to real time). */
export function nextLocalHour(at: number, zone: string): number {
  return localHour(at, zone).hourStart + HOUR_MS;
}

function offsetMinutes(at: number, zone: string): number {
  const key = `${zone}|${Math.floor(at / SLOT_MS)}`;
  const held = offsets.get(key);
  if (held !== undefined) return held;
  let iana = zones.get(zone);
  if (!iana) zones.set(zone, (iana = IANAZone.create(zone)));
  // An unknown zone (validated upstream, so never expected) counts as UTC rather than NaN.
  const offset = iana.isValid ? iana.offset(at) : 0;
  if (offsets.size >= CACHE_MAX) offsets.clear();
  offsets.set(key, offset);
  return offset;
}
