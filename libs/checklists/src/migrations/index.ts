import type { MigrationClass } from '@lobby/platform';
import { ChecklistsDailyLog1764576000000 } from './1764576000000-checklists-daily-log';
import { ReportRollups1764900000000 } from './1764900000000-report-rollups';

/** Checklists' tables: checklists and their items, the daily log, report rollups and agent silences. */
export const CHECKLIST_MIGRATIONS: MigrationClass[] = [ChecklistsDailyLog1764576000000, ReportRollups1764900000000];
