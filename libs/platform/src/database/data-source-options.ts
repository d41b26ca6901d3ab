import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { CentralConfig } from '../config/central-config';
import type { MigrationClass } from './migration-list';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Entities = MixedList<Function | string | EntitySchema>;

/**
 * TypeORM options for SQLite (default) or PostgreSQL; `migrations` (every lib's, composed by the
 * central server with `composeMigrations`) run at start. `synchronize` is never used outside tests.
 */
export function dataSourceOptions(database: CentralConfig['database'], entities: Entities, migrations: MigrationClass[]): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: true, synchronize: false, logging: false } as const;
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
