import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { Clock, CoalescedRunner, DomainEventBus, JobLock, JsonLogger, TimerHandle } from '@lobby/platform';
import { BranchCalendars, BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistConfig } from '../checklist-config';
import { DailyLogService } from '../daily-log/daily-log.service';
import { BranchDayRunner } from './branch-day.runner';
import { dailyCron, wakeTimes } from './due-times';

export const CHECKLIST_JOB = 'checklists';
/** Rounds between the cron wake-ups: catch-up after downtime, re-evaluation of time-bound items. */
export const CATCH_UP_MS = 60_000;
const LEASE_MS = 5 * CATCH_UP_MS;
const SYNC_EVERY_MS = 60 * CATCH_UP_MS;

/**
 * Runs the branch days. Each branch has cron jobs (SchedulerRegistry, in the branch's zone) at
 * the local times something may fall due, rebuilt at once when its calendar changes; a round
 * every minute catches up whatever a wake-up missed. Whichever fires, `tick()` decides what is
 * due from the injected clock alone, and only the holder of the `checklists` job lock acts, so
 * several instances behave like one and a test drives a whole day by moving a ManualClock.
 */
@Injectable()
export class ChecklistScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly jobs = new Map<string, { calendar: string; times: string; names: string[] }>();
  private syncedAt = -Infinity;
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
  ) {}

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
    for (const id of [...this.jobs.keys()]) this.removeJobs(id);
    await this.rounds.idle();
  }

  /** One round: resolves when a round that started after this call has finished (calls coalesce). */
  tick(): Promise<void> {
    return this.rounds.run();
  }

  /** Cron names of a branch (for tests and diagnostics). */
  jobsOf(branchId: string): string[] {
    return this.jobs.get(branchId)?.names ?? [];
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    try {
      const branches = await this.calendars.loadAll();
      // Wake-up times look 14 days ahead: recomputed hourly, and at once for a changed calendar.
      const now = this.clock.now();
      const resync = Math.abs(now - this.syncedAt) >= SYNC_EVERY_MS;
      if (resync) this.syncedAt = now;
      for (const branch of branches) if (resync || this.jobs.get(branch.id)?.calendar !== branch.signature) this.syncJobs(branch);
      const known = new Set(branches.map((b) => b.id));
      for (const id of [...this.jobs.keys()]) if (!known.has(id)) this.removeJobs(id);
      if (!(await this.lock.acquire(CHECKLIST_JOB, LEASE_MS))) return;
      for (const branch of branches) {
        try {
          await this.day.run(branch);
        } catch (error) {
          this.logger.error('checklist round failed for a branch', { branchId: branch.id, error: (error as Error).message });
        }
      }
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
      if (branch) this.syncJobs(branch);
      else this.removeJobs(id);
      await this.tick();
    } catch (error) {
      this.logger.warn('rebuilding branch schedule failed', { branchId: id, error: (error as Error).message });
    }
  }

  /** (Re)builds the branch's cron jobs when its calendar or the set of wake-up times changed. */
  private syncJobs(branch: BranchInfo): void {
    if (this.stopped) return;
    const times = wakeTimes(branch.calendar, this.config.schedule, this.clock.now());
    const held = this.jobs.get(branch.id);
    if (held && held.calendar === branch.signature && held.times === times.join(',')) return;
    this.removeJobs(branch.id);
    const names = times.map((time) => `${CHECKLIST_JOB}:${branch.id}:${time}`);
    for (const [i, time] of times.entries()) {
      const job = CronJob.from({ cronTime: dailyCron(time), timeZone: branch.calendar.timezone, start: true, onTick: () => void this.tick() });
      this.registry.addCronJob(names[i], job);
    }
    this.jobs.set(branch.id, { calendar: branch.signature, times: times.join(','), names });
  }

  private removeJobs(branchId: string): void {
    for (const name of this.jobs.get(branchId)?.names ?? []) {
      if (!this.registry.doesExist('cron', name)) continue;
      void this.registry.getCronJob(name).stop();
      this.registry.deleteCronJob(name);
    }
    this.jobs.delete(branchId);
  }
}
