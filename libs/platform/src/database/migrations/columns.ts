import { QueryRunner, Table } from 'typeorm';

/**
 * Column shorthands for migrations written with TypeORM's engine-neutral table API: one
 * migration serves SQLite and PostgreSQL. Times are epoch milliseconds (`bigint`), JSON is `text`.
 * Once a migration has shipped it must not change; these helpers only produce column specs.
 */
export type ColumnSpec = ConstructorParameters<typeof Table>[0] extends infer T
  ? T extends { columns?: (infer C)[] }
    ? C
    : never
  : never;

export const id = (name: string, length = 64): ColumnSpec => ({ name, type: 'varchar', length: String(length), isPrimary: true });
export const str = (name: string, length: number, nullable = false): ColumnSpec => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
export const text = (name: string, nullable = false): ColumnSpec => ({ name, type: 'text', isNullable: nullable });
export const ms = (name: string, nullable = true): ColumnSpec => ({ name, type: 'bigint', isNullable: nullable });
export const int = (name: string, dflt = 0): ColumnSpec => ({ name, type: 'integer', default: dflt });

/** SQLite stores booleans as 0/1 and TypeORM compares defaults that way; PostgreSQL wants false/true. */
export const boolFor =
  (q: QueryRunner) =>
  (name: string, dflt: boolean): ColumnSpec => ({
    name,
    type: 'boolean',
    default: q.connection.options.type === 'postgres' ? String(dflt) : dflt ? 1 : 0,
  });
