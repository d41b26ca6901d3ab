import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { CentralConfig } from '../config/central-config';
import { InitialSchema1764316800000 } from './migrations/1764316800000-initial-schema';
import { Alerting1764403200004 } from './migrations/1764403200004-alerting';
import { ChecklistsDailyLog1764576000000 } from './migrations/1764576000000-checklists-daily-log';
import { IngestDeadLetter1764662400000 } from './migrations/1764662400000-ingest-dead-letter';
import { DeviceLabelSource1764748800000 } from './migrations/1764748800000-device-label-source';
import { SecurityAudit1764835200000 } from './migrations/1764835200000-security-audit';
import { ReportRollups1764900000000 } from './migrations/1764900000000-report-rollups';
import { HistoryRetentionIndexes1765000004000 } from './migrations/1765000004000-history-retention-indexes';

/** Every migration, in order. Schema changes go here; `synchronize` is never used outside tests. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  InitialSchema1764316800000,
  Alerting1764403200004,
  ChecklistsDailyLog1764576000000,
  IngestDeadLetter1764662400000,
  DeviceLabelSource1764748800000,
  SecurityAudit1764835200000,
  ReportRollups1764900000000,
  HistoryRetentionIndexes1765000004000,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = MixedList<Function | string | EntitySchema>;

/** TypeORM options for SQLite (default) or PostgreSQL; migrations run at start. */
export function dataSourceOptions(database: CentralConfig['database'], entities: Entities): DataSourceOptions {
  const common = { entities, migrations: MIGRATIONS, migrationsRun: true, synchronize: false, logging: false } as const;
  if (database.type === 'postgres') {
    return { ...common, type: 'postgres', url: database.url, extra: { max: 10 } };
  }
  if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    database: database.path,
    // WAL lets readers go on while the ingest batch writes; busyTimeout rides out short locks.
    enableWAL: database.path !== ':memory:',
    busyTimeout: 5000,
    driver: quietSqlite3(),
  };
}

/**
 * TypeORM calls `sqlite3.verbose()` on whatever driver it loads, which wraps every statement to
 * capture a stack trace (a large cost per query on the ingest path). Handing it a view of the
 * module whose `verbose()` is a no-op keeps sqlite3 in its normal mode.
 */
function quietSqlite3(): object {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = require('sqlite3') as object;
  return Object.assign(Object.create(sqlite3) as object, { verbose: () => sqlite3 });
}
