import { MigrationInterface } from 'typeorm';
import { InitialSchema1764316800000 } from './migrations/1764316800000-initial-schema';
import { LocaleWording1765000002000 } from './migrations/1765000002000-locale-wording';
import { HistoryRetentionIndexes1765000004000 } from './migrations/1765000004000-history-retention-indexes';

/** A TypeORM migration class (its name ends in its 13-digit timestamp). */
export type MigrationClass = new () => MigrationInterface;

/**
 * Each lib owns the migrations of its tables and exports their list (`FLEET_MIGRATIONS`, …);
 * the central server composes them. Platform keeps only the initial schema, which created the
 * first tables of several libs at once and must keep its name so no database runs it again, and
 * the two later ones that touched the tables of several libs at once: the readers' languages and
 * the indexes of the list and report queries.
 */
export const PLATFORM_MIGRATIONS: MigrationClass[] = [InitialSchema1764316800000, LocaleWording1765000002000, HistoryRetentionIndexes1765000004000];

/** Every lib's list as one, in timestamp order; two migrations with one timestamp or name are a bug. */
export function composeMigrations(...lists: MigrationClass[][]): MigrationClass[] {
  const all = lists.flat();
  const byTimestamp = new Map<number, MigrationClass>();
  for (const migration of all) {
    const timestamp = timestampOf(migration);
    const clash = byTimestamp.get(timestamp);
    if (clash) throw new Error(`migrations ${clash.name} and ${migration.name} share the timestamp ${timestamp}`);
    byTimestamp.set(timestamp, migration);
  }
  return [...byTimestamp.entries()].sort(([a], [b]) => a - b).map(([, migration]) => migration);
}

function timestampOf(migration: MigrationClass): number {
  const match = /(\d{13})$/.exec(migration.name);
  if (!match) throw new Error(`migration ${migration.name}: its name must end in a 13-digit timestamp`);
  return Number(match[1]);
}
