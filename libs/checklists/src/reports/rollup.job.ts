import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { shiftDate } from '@lobby/calendar';
import { Clock, CoalescedRunner, eachConcurrently, isUniqueViolation, JobLock, JsonLogger, TimerHandle } from '@lobby/platform';
import { BRANCHES_AT_ONCE } from '../branches/branches-at-once';
import { BranchCalendars, BranchInfo } from '../branches/branch-calendars.service';
import { localDayBounds } from '../schedule/due-times';
import { BRANCH_ROW, DailyRollupEntity } from './daily-rollup.entity';
import { RollupSource } from './rollup-source.service';

export const ROLLUP_JOB = 'report-rollups';
/** Rounds of the job: a branch's finished day is rolled up within this time after its local midnight. */
export const ROLLUP_EVERY_MS = 10 * 60_000;
const LEASE_MS = 3 * ROLLUP_EVERY_MS;
/** How far back a first start (or a long downtime) is caught up. */
export const ROLLUP_CATCH_UP_DAYS = 400;

/**
 * Writes the daily rollups: every round, each branch's finished local days that have no rollup
 * yet (caught up after downtime, from the branch's creation on). Only the holder of the job lock
 * writes, and each (branch, date) is inserted once (its rows together, the primary key refusing
 * a second copy), so two instances or two runs never write a day twice.
 */
@Injectable()
export class RollupJob implements OnApplicationBootstrap, OnModuleDestroy {
  private round?: TimerHandle;
  /** Days this instance has written since it started (`run()` answers the difference). */
  private written = 0;
  private readonly rounds = new CoalescedRunner(async () => {
    this.written += await this.runOnce();
  });
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly calendars: BranchCalendars,
    private readonly source: RollupSource,
    private readonly lock: JobLock,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.round = this.clock.setInterval(() => void this.run(), ROLLUP_EVERY_MS);
    void this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.round?.cancel();
    await this.rounds.idle();
    // A restarted instance must not wait out this one's lease before rolling up again.
    await this.lock.release(ROLLUP_JOB).catch(() => undefined);
  }

  /**
   * Resolves once a round that started after this call has finished (calls coalesce: a round
   * already running may have looked at the clock before the day now due ended), with the number
   * of days this instance wrote meanwhile.
   */
  async run(): Promise<number> {
    const before = this.written;
    await this.rounds.run();
    return this.written - before;
  }

  private async runOnce(): Promise<number> {
    if (this.stopped) return 0;
    let written = 0;
    try {
      if (!(await this.lock.acquire(ROLLUP_JOB, LEASE_MS))) return 0;
      await eachConcurrently(await this.calendars.loadAll(), BRANCHES_AT_ONCE, async (branch) => {
        if (this.stopped) return;
        try {
          // Not `written += await …`: that reads `written` before the wait, and branches run side by side.
          const days = await this.catchUp(branch);
          written += days;
        } catch (error) {
          this.logger.error('daily rollup failed for a branch', { branchId: branch.id, error: (error as Error).message });
        }
      });
    } catch (error) {
      this.logger.error('daily rollup round failed', { error: (error as Error).message });
    }
    return written;
  }

  /** Rolls up the branch's finished days after its last rolled one. */
  private async catchUp(branch: BranchInfo): Promise<number> {
    const now = this.clock.now();
    const zone = branch.calendar.timezone;
    const yesterday = shiftDate(branch.calendar.localDate(now), -1);
    const last = await this.lastRolled(branch.id);
    const first = [last ? shiftDate(last, 1) : null, branch.calendar.localDate(branch.createdAt), shiftDate(yesterday, 1 - ROLLUP_CATCH_UP_DAYS)]
      .filter((d): d is string => d !== null)
      .sort()
      .pop()!;
    let written = 0;
    for (let date = first; date <= yesterday && !this.stopped; date = shiftDate(date, 1)) {
      if (localDayBounds(zone, date).to > now) break;
      if (await this.write(branch, date)) written++;
      // A long catch-up must not lose the lease half-way.
      if (!(await this.lock.acquire(ROLLUP_JOB, LEASE_MS))) break;
    }
    if (written) this.logger.info('daily rollups written', { branchId: branch.id, days: written, upTo: yesterday });
    return written;
  }

  private async write(branch: BranchInfo, date: string): Promise<boolean> {
    const repo = this.db.getRepository(DailyRollupEntity);
    if (await repo.existsBy({ branchId: branch.id, date, deviceId: BRANCH_ROW })) return false;
    const computedAt = this.clock.now();
    const rows = (await this.source.day(branch, date, computedAt)).map((r) => ({ ...r, computedAt }));
    try {
      await this.db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += 100) await tx.getRepository(DailyRollupEntity).insert(rows.slice(i, i + 100));
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  private async lastRolled(branchId: string): Promise<string | null> {
    const row = await this.db
      .getRepository(DailyRollupEntity)
      .createQueryBuilder('r')
      .select('MAX(r.date)', 'last')
      .where('r.branch_id = :branchId AND r.device_id = :row', { branchId, row: BRANCH_ROW })
      .getRawOne<{ last: string | null }>();
    return row?.last ?? null;
  }
}
