import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions } from '@lobby/platform';
import { ENTITIES } from '../../../apps/central-server/src/app.module';
import { MIGRATIONS } from '../../../apps/central-server/src/migrations';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';

/**
 * Drift check: after running every migration, TypeORM must find nothing to change between the
 * entities and the schema, on SQLite and on PostgreSQL. A migration forgotten for an entity
 * change (or one engine left behind) fails here.
 */
describe('migrations match the entities', () => {
  async function pendingSchemaChanges(database: Parameters<typeof dataSourceOptions>[0]): Promise<string[]> {
    const source = new DataSource(dataSourceOptions(database, ENTITIES, MIGRATIONS));
    await source.initialize();
    try {
      const sql = await source.driver.createSchemaBuilder().log();
      return sql.upQueries.map((q) => q.query);
    } finally {
      await source.destroy();
    }
  }

  it('on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lobby-mig-'));
    try {
      expect(await pendingSchemaChanges({ type: 'sqlite', path: join(dir, 'db.sqlite') })).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL', async () => {
    if (!(await postgresAvailable())) return;
    const db = await freshPostgresDatabase();
    try {
      expect(await pendingSchemaChanges({ type: 'postgres', url: db.url })).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('keeps the names and order of the migrations shipped before each lib owned its own', () => {
    // A database migrated by an older release records these names; a renamed one would run again.
    const shipped = [
      'InitialSchema1764316800000',
      'Alerting1764403200004',
      'ChecklistsDailyLog1764576000000',
      'IngestDeadLetter1764662400000',
      'DeviceLabelSource1764748800000',
      'SecurityAudit1764835200000',
      'ReportRollups1764900000000',
    ];
    expect(MIGRATIONS.slice(0, shipped.length).map((migration) => new migration().name ?? migration.name)).toEqual(shipped);
  });

  it('undo cleanly (down) and apply again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lobby-mig-'));
    const source = new DataSource(dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }, ENTITIES, MIGRATIONS));
    try {
      await source.initialize();
      const applied = await source.query('SELECT COUNT(*) AS n FROM migrations');
      for (let i = 0; i < Number(applied[0].n); i++) await source.undoLastMigration();
      expect(await source.query("SELECT name FROM sqlite_master WHERE type='table' AND name='device'")).toEqual([]);
      await source.runMigrations();
      expect(await source.query("SELECT name FROM sqlite_master WHERE type='table' AND name='device'")).toHaveLength(1);
    } finally {
      await source.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
