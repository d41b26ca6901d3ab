import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock, CoalescedRunner, DomainEventBus, eachConcurrently, JobLock, JsonLogger, TimerHandle } from '@lobby/platform';
import { BranchCalendars, BranchInfo } from '../branches/branch-calendars.service';
import { BRANCHES_AT_ONCE } from '../branches/branches-at-once';
import { ChecklistConfig } from '../checklist-config';
import { DailyLogService } from '../daily-log/daily-log.service';
import { BranchDayRunner } from './branch-day.runner';
import { wakeTimes } from './due-times';
import { WakeUpTimers } from './wake-up-timers';

export const CHECKLIST_JOB = 'checklists';
/** Rounds between the cron wake-ups: catch-up after downtime, re-evaluation of time-bound items. */
export const CATCH_UP_MS = 60_000;
const LEASE_MS = 5 * CATCH_UP_MS;

/**
 * Runs the branch days. Each branch has wake-ups (cron jobs in SchedulerRegistry, in the branch's
 * zone, shared by branches waking at the same local time: `WakeUpTimers`) at the local times
 * something may fall due, rebuilt at once when its calendar changes and when its local date moves
 * on (they look 14 days ahead); only those branches are recomputed, never the whole fleet. A round
 * every minute catches up whatever a wake-up missed. Whichever fires, `tick()` decides what is
 * due from the injected clock alone, and only the holder of the `checklists` job lock acts, so
 * several instances behave like one and a test drives a whole day by moving a ManualClock.
 */
@Injectable()
export class ChecklistScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly timers: WakeUpTimers;
  private unsubscribe: (() => void)[] = [];
  private round?: TimerHandle;
  private readonly rounds = new CoalescedRunner(() => this.run());
  private stopped = false;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly calendars: BranchCalendars,
    private readonly events: DomainEventBus,
    private readonly lock: JobLock,
    private readonly day: BranchDayRunner,
    private readonly dailyLog: DailyLogService,
    private readonly config: ChecklistConfig,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {
    this.timers = new WakeUpTimers(registry, CHECKLIST_JOB, () => void this.tick());
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = [
      // Another instance's edit too: its calendar is this instance's schedule as well.
      this.events.on('branch.changed', ({ branchId }) => void this.branchChanged(branchId), { remote: true }),
      this.events.on('checklist.signed-off', ({ branchId, kind, date }) => void this.afterSignOff(branchId, kind, date)),
    ];
    this.round = this.clock.setInterval(() => void this.tick(), CATCH_UP_MS);
    void this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.round?.cancel();
    this.unsubscribe.forEach((off) => off());
    this.timers.clear();
    await this.rounds.idle();
    // A clean stop hands the checklists over at once instead of when the lease runs out.
    await this.lock.release(CHECKLIST_JOB).catch((error: Error) => this.logger.warn('checklist lock not released', { error: error.message }));
  }

  /** One round: resolves when a round that started after this call has finished (calls coalesce). */
  tick(): Promise<void> {
    return this.rounds.run();
  }

  /** Cron names of a branch (for tests and diagnostics). */
  jobsOf(branchId: string): string[] {
    return this.timers.namesOf(branchId);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      const branches = await this.calendars.loadAll();
      // Wake-up times look 14 days ahead: recomputed for a changed calendar or a new local date only.
      const now = this.clock.now();
      const computed = new Map<string, string[]>();
      for (const branch of branches) this.syncJobs(branch, now, computed);
      const known = new Set(branches.map((b) => b.id));
      for (const id of this.timers.branchIds()) if (!known.has(id)) this.timers.remove(id);
      if (!(await this.lock.acquire(CHECKLIST_JOB, LEASE_MS))) return;
      await eachConcurrently(branches, BRANCHES_AT_ONCE, async (branch) => {
        if (this.stopped) return;
        try {
          await this.day.run(branch);
        } catch (error) {
          this.logger.error('checklist round failed for a branch', { branchId: branch.id, error: (error as Error).message });
        }
      });
    } catch (error) {
      this.logger.error('checklist round failed', { error: (error as Error).message });
    }
  }

  private async afterSignOff(branchId: string, kind: string, date: string): Promise<void> {
    if (kind !== 'closing') return;
    try {
      const branch = await this.calendars.get(branchId);
      if (branch) await this.dailyLog.generate(branch, date, true);
    } catch (error) {
      this.logger.warn('daily log after sign-off failed', { branchId, date, error: (error as Error).message });
    }
  }

  private async branchChanged(id: string): Promise<void> {
    try {
      const branch = await this.calendars.refresh(id);
      this.day.forget(id);
      if (branch) this.syncJobs(branch, this.clock.now());
      else this.timers.remove(id);
      await this.tick();
    } catch (error) {
      this.logger.warn('rebuilding branch schedule failed', { branchId: id, error: (error as Error).message });
    }
  }

  /**
   * (Re)sets the branch's wake-ups when its calendar or its local date changed since they were
   * computed; `computed` shares the times between branches of the same calendar within a round.
   */
  private syncJobs(branch: BranchInfo, now: number, computed = new Map<string, string[]>()): void {
    if (this.stopped) return;
    const key = `${branch.signature}|${branch.calendar.localDate(now)}`;
    if (this.timers.isCurrent(branch.id, key)) return;
    let times = computed.get(key);
    if (!times) computed.set(key, (times = wakeTimes(branch.calendar, this.config.schedule, now)));
    this.timers.set(branch.id, key, branch.calendar.timezone, times);
  }
}
