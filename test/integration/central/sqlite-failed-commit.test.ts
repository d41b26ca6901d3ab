import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { serializeSqliteAccess } from '@lobby/platform';

/**
 * A failed transaction whose ROLLBACK fails too (as after SQLITE_FULL at COMMIT) left TypeORM's
 * one SQLite runner believing a transaction was still open: every later transaction became a
 * savepoint inside one that was never committed, so the ingest's writes "succeeded" and were
 * lost (the chaos suite's full-disk case). Another connection is the judge of what is committed.
 */
describe('SQLite after a transaction that failed and could not roll back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lobby-sqlite-commit-'));
  const file = join(dir, 'db.sqlite');
  let db: DataSource;
  let reader: DataSource;

  beforeAll(async () => {
    db = await new DataSource({ type: 'sqlite', database: file, enableWAL: true }).initialize();
    serializeSqliteAccess(db);
    await db.query('CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    reader = await new DataSource({ type: 'sqlite', database: file, enableWAL: true }).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await reader?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the next transaction for every other connection to see', async () => {
    const runner = db.driver.createQueryRunner('master') as unknown as { query: (sql: string, ...rest: unknown[]) => Promise<unknown> };
    const query = runner.query.bind(runner);
    let failRollback = true;
    runner.query = (sql: string, ...rest: unknown[]) => {
      if (sql === 'ROLLBACK' && failRollback) {
        failRollback = false;
        return Promise.reject(Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' }));
      }
      return query(sql, ...rest);
    };
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO note (id, text) VALUES (1, 'written as the disk filled')`);
        throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
      }),
    ).rejects.toThrow('SQLITE_FULL');
    expect(failRollback).toBe(false);

    await db.transaction((tx) => tx.query(`INSERT INTO note (id, text) VALUES (2, 'written when space came back')`));
    expect(await reader.query('SELECT id FROM note ORDER BY id')).toEqual([{ id: 2 }]);
  });
});
