import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

describe(dataSourceOptions.name, () => {
  it('leaves sqlite3 out of verbose mode (no stack trace captured per query)', async () => {
    const db = await new DataSource({ ...dataSourceOptions({ type: 'sqlite', path: ':memory:' }, [], []), migrationsRun: false }).initialize();
    try {
      const failed = await db.query('SELECT * FROM no_such_table').catch((e: { driverError?: Error }) => e);
      const error = (failed as { driverError?: Error }).driverError;
      expect(String((error as Error).stack)).toMatch(/no such table/);
      // sqlite3's verbose mode appends "--> in Database#all(…)" to every driver error.
      expect(String((error as Error).stack)).not.toContain('--> in Database#');
    } finally {
      await db.destroy();
    }
  });
});
