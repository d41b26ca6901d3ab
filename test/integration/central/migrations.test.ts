import { DataSource } from 'typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions } from '@lobby/platform';
import { ENTITIES } from '../../../apps/central-server/src/app.module';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';

/**
 * Drift check: after running every migration, TypeORM must find nothing to change between the
 * entities and the schema, on SQLite and on PostgreSQL. A migration forgotten for an entity
 * change (or one engine left behind) fails here.
 */
describe('migrations match the entities', () => {
  async function pendingSchemaChanges(database: Parameters<typeof dataSourceOptions>[0]): Promise<string[]> {
    const source = new DataSource(dataSourceOptions(database, ENTITIES));
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

  it('undo cleanly (down) and apply again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lobby-mig-'));
    const source = new DataSource(dataSourceOptions({ type: 'sqlite', path: join(dir, 'db.sqlite') }, ENTITIES));
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
