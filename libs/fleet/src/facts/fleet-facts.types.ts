import type { BranchCalendar } from '@lobby/calendar';
import type { CalendarException, DeviceKind, DeviceReading, DeviceSettings, OpeningHours, SelfServiceState } from '@lobby/contracts';

/** A branch as the other libs see it: its name, time zone and calendar (hours and exceptions). */
export interface FleetBranch {
  id: string;
  name: string;
  timezone: string;
  openingHours: OpeningHours;
  exceptions: CalendarException[];
  location: { lat: number; lon: number } | null;
  createdAt: number;
  /** The calendar made of the time zone, hours and exceptions (when the branch is open). */
  calendar: BranchCalendar;
  /** Changes whenever the zone, hours or exceptions change: schedules rebuild on a new one. */
  signature: string;
  /** The self-service area is open 24 hours: cash machines are expected on around the clock. */
  selfService24h: boolean;
  /** Kinds switched off after the closing checklist (a device's own setting wins). */
  nightPowerOff: DeviceKind[] | null;
  /** 分流: the self-service state the lobby manager was last told (null: never). */
  selfServiceState: SelfServiceState | null;
}

/** The newest live status of a device that fleet knows of (from any instance). */
export interface FleetLive {
  live: DeviceReading | null;
  liveTs: number | null;
  liveSeq: number | null;
}

/** A device as the other libs see it: registration, settings and its newest live status. */
export interface FleetDevice extends FleetLive {
  id: string;
  branchId: string;
  kind: DeviceKind;
  name: string | null;
  /** The English name, where one was given (the name is the Chinese one). */
  nameEn: string | null;
  location: string | null;
  settings: DeviceSettings;
  decommissioned: boolean;
  /** False when the device was missing from its agent's latest birth. */
  reported: boolean;
  registeredBy: 'birth' | 'admin';
  createdAt: number;
}

/** A branch's edge agent as last heard: online since when. */
export interface FleetAgent {
  branchId: string;
  online: boolean;
  /** When it last came online or went offline (its birth time, as read from the database). */
  since: number;
  lastBirthAt: number | null;
  lastSeenAt: number | null;
}
