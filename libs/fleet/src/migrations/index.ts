import type { MigrationClass } from '@lobby/platform';
import { IngestDeadLetter1764662400000 } from './1764662400000-ingest-dead-letter';
import { DeviceLabelSource1764748800000 } from './1764748800000-device-label-source';
import { DayFeatures1765000003000 } from './1765000003000-day-features';

/** Fleet's tables (branch, agent, device, statuses, events, commands, dead letters) after the initial schema. */
export const FLEET_MIGRATIONS: MigrationClass[] = [IngestDeadLetter1764662400000, DeviceLabelSource1764748800000, DayFeatures1765000003000];
