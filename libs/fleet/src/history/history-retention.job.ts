import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, JobLock, JsonLogger, Metrics, TimerHandle } from '@lobby/platform';

export const RETENTION_JOB = 'history-retention';
/** Rounds of the job: old history goes within this time after it passes the age limit. */
export const RETENTION_EVERY_MS = 60 * 60_000;
/** Renewed after every batch; released on a clean stop, so a restarted instance need not wait it out. */
const LEASE_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;
/** Rows deleted per statement: small, so a write of the ingest never waits long behind one. */
export const RETENTION_BATCH_ROWS = 1000;

export interface RetentionOptions {
  /** Days of raw device statuses kept; 0 keeps them forever. */
  statusDays: number;
  /** Days of device and agent events kept; 0 keeps them forever. */
  eventDays: number;
  /** Rows per DELETE (default RETENTION_BATCH_ROWS). */
  batchRows?: number;
}

export interface RetentionPass {
  statuses: number;
  events: number;
}

/** The history tables retention trims, and the age setting of each. */
const TABLES = [
  { table: 'device_status', days: (o: RetentionOptions) => o.statusDays, key: 'statuses' },
  { table: 'fleet_event', days: (o: RetentionOptions) => o.eventDays, key: 'events' },
] as const;

/**
 * History retention: raw device statuses (and events) older than the configured age are deleted,
 * a small batch per statement with a yield to the event loop between batches, so the ingest's
 * writes take turns with it instead of waiting for one long DELETE. The daily rollups the reports
 * read (`daily_rollup`) are not touched. Only the holder of the job lock runs it.
 */
export class HistoryRetentionJob implements OnApplicationBootstrap, OnModuleDestroy {
  private round?: TimerHandle;
  private running: Promise<RetentionPass> | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly lock: JobLock,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly options: RetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.statusDays === 0 && this.options.eventDays === 0) return;
    this.round = this.clock.setInterval(() => void this.run(), RETENTION_EVERY_MS);
    void this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.round?.cancel();
    await this.running?.catch(() => undefined);
    await this.lock.release(RETENTION_JOB).catch(() => undefined);
  }

  /** One pass (a running one is joined); resolves with the rows deleted from each table. */
  run(): Promise<RetentionPass> {
    this.running ??= this.runOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(): Promise<RetentionPass> {
    const pass: RetentionPass = { statuses: 0, events: 0 };
    if (this.stopped) return pass;
    const started = performance.now();
    try {
      if (!(await this.lock.acquire(RETENTION_JOB, LEASE_MS))) return pass;
      for (const { table, days, key } of TABLES) {
        if (days(this.options) === 0) continue;
        pass[key] = await this.trim(table, this.clock.now() - days(this.options) * DAY_MS);
      }
      if (pass.statuses || pass.events) this.logger.info('old history deleted', { ...pass, seconds: Math.round(performance.now() - started) / 1000 });
    } catch (error) {
      this.logger.error('history retention pass failed', { error: (error as Error).message, ...pass });
    }
    this.metrics.historyRetentionSeconds.observe((performance.now() - started) / 1000);
    return pass;
  }

  /** Deletes the rows of `table` dated before `cutoff`, batch by batch; returns how many. */
  private async trim(table: string, cutoff: number): Promise<number> {
    const batch = this.options.batchRows ?? RETENTION_BATCH_ROWS;
    let deleted = 0;
    while (!this.stopped) {
      const removed = await this.deleteBatch(table, cutoff, batch);
      deleted += removed;
      this.metrics.historyRowsDeleted.inc({ table }, removed);
      if (removed < batch) break;
      // Let the ingest's queued writes (and everything else) run before the next batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!(await this.lock.acquire(RETENTION_JOB, LEASE_MS))) break;
    }
    return deleted;
  }

  /** One DELETE of at most `limit` rows, found through the `ts` index (rowid / ctid: no key lists). */
  private async deleteBatch(table: string, cutoff: number, limit: number): Promise<number> {
    const sql =
      this.db.options.type === 'postgres'
        ? `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ts < $1 LIMIT $2)`
        : `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ts < ? LIMIT ?)`;
    const runner = this.db.createQueryRunner();
    try {
      const result = (await runner.query(sql, [cutoff, limit], true)) as { affected?: number };
      return result.affected ?? 0;
    } finally {
      await runner.release();
    }
  }
}
