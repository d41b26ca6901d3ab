import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * SQLite has one connection, and TypeORM's SQLite driver shares one query runner among all
 * callers: two transactions at once would interleave their BEGIN/SAVEPOINT/COMMIT, and a plain
 * query from elsewhere would run inside someone else's transaction. This makes
 * `DataSource.transaction` take turns (FIFO), and makes queries from outside the running
 * transaction wait for it. Nested transactions of the same caller still become savepoints.
 * PostgreSQL has a pool and real concurrent transactions: nothing is changed there.
 *
 * Rule that goes with it: write through `transaction()`, `insert`, `update`, `upsert`, `delete`
 * and query builders; not `save()`/`remove()`, which open transactions of their own.
 */
export function serializeSqliteAccess(dataSource: DataSource): void {
  if (dataSource.options.type !== 'sqlite') return;
  const owner = new AsyncLocalStorage<number>();
  let holder: number | null = null;
  let nextId = 1;
  let tail: Promise<void> = Promise.resolve();

  const acquire = async (): Promise<() => void> => {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = tail;
    tail = previous.then(() => turn);
    await previous;
    return release;
  };

  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = (async (...args: unknown[]) => {
    if (holder !== null && owner.getStore() === holder) return transaction(...args);
    const release = await acquire();
    const id = nextId++;
    holder = id;
    try {
      return await owner.run(id, () => transaction(...args));
    } catch (error) {
      await endLeftoverTransaction(runner, query);
      throw error;
    } finally {
      holder = null;
      release();
    }
  });

  runner.query = (async (...args: unknown[]) => {
    if (holder === null || owner.getStore() === holder) return query(...args);
    const release = await acquire();
    try {
      return await query(...args);
    } finally {
      release();
    }
  }) as QueryRunner['query'];
}

/**
 * A failed COMMIT (SQLITE_FULL, SQLITE_IOERR…) may leave SQLite's transaction open, and when
 * TypeORM's ROLLBACK then fails too, its runner keeps believing a transaction is active: every
 * later transaction becomes a savepoint inside one that is never committed, so writes "succeed"
 * and are lost (seen with the disk full under the database). After a failed transaction the
 * connection is brought back to no transaction at all, whatever state it was left in.
 */
async function endLeftoverTransaction(runner: QueryRunner, query: (...args: unknown[]) => Promise<unknown>): Promise<void> {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  if (!state.isTransactionActive && state.transactionDepth === 0) return;
  try {
    await query('ROLLBACK');
  } catch {
    // No transaction was open any more: SQLite had rolled it back itself.
  }
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
