import type { MigrationClass } from '@lobby/platform';
import { ChecklistsDailyLog1764576000000 } from './1764576000000-checklists-daily-log';
import { ReportRollups1764900000000 } from './1764900000000-report-rollups';
import { WorkLog1765000006000 } from './1765000006000-work-log';
import { QueueSample1765000006001 } from './1765000006001-queue-sample';

/** Checklists' tables: checklists and their items, the daily log, report rollups and agent silences. */
export const CHECKLIST_MIGRATIONS: MigrationClass[] = [ChecklistsDailyLog1764576000000, ReportRollups1764900000000, WorkLog1765000006000, QueueSample1765000006001];
