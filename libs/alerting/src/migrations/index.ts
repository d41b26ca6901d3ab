import type { MigrationClass } from '@lobby/platform';
import { Alerting1764403200004 } from './1764403200004-alerting';

/** Alerting's tables: alerts, conditions, tasks, silences, webhooks, notifications and their deliveries. */
export const ALERTING_MIGRATIONS: MigrationClass[] = [Alerting1764403200004];
