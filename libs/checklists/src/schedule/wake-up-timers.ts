import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { dailyCron } from './due-times';

interface BranchWakeUps {
  /** What the times were computed from (calendar signature and local date): same key, same times. */
  key: string;
  zone: string;
  times: string[];
}

/**
 * The cron jobs that wake the checklist round. A wake-up only starts a round (which decides from
 * the clock what is due for every branch), so branches that wake at the same local time in the
 * same zone share one job: a fleet of thousands of branches with a handful of opening hours has a
 * handful of jobs, not thousands. Each branch still has its own list of wake-up times.
 */
export class WakeUpTimers {
  private readonly branches = new Map<string, BranchWakeUps>();
  /** Shared jobs by `zone time`, with the branches that need them. */
  private readonly shared = new Map<string, { name: string; users: Set<string> }>();

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly prefix: string,
    private readonly onTick: () => void,
  ) {}

  /** The branch's wake-ups as `prefix:branch:HH:MM` (tests and diagnostics). */
  namesOf(branchId: string): string[] {
    return (this.branches.get(branchId)?.times ?? []).map((time) => `${this.prefix}:${branchId}:${time}`);
  }

  /** Whether the branch's wake-ups were set from this key already. */
  isCurrent(branchId: string, key: string): boolean {
    return this.branches.get(branchId)?.key === key;
  }

  branchIds(): string[] {
    return [...this.branches.keys()];
  }

  /** Sets the branch's wake-up times: jobs no branch needs any more stop, new ones start. */
  set(branchId: string, key: string, zone: string, times: string[]): void {
    const held = this.branches.get(branchId);
    if (held && held.zone === zone && held.times.join() === times.join()) {
      held.key = key;
      return;
    }
    this.remove(branchId);
    for (const time of times) this.use(branchId, zone, time);
    this.branches.set(branchId, { key, zone, times });
  }

  remove(branchId: string): void {
    const held = this.branches.get(branchId);
    if (!held) return;
    this.branches.delete(branchId);
    for (const time of held.times) {
      const id = `${held.zone} ${time}`;
      const job = this.shared.get(id);
      if (!job) continue;
      job.users.delete(branchId);
      if (job.users.size > 0) continue;
      this.shared.delete(id);
      if (!this.registry.doesExist('cron', job.name)) continue;
      void this.registry.getCronJob(job.name).stop();
      this.registry.deleteCronJob(job.name);
    }
  }

  clear(): void {
    for (const id of this.branchIds()) this.remove(id);
  }

  private use(branchId: string, zone: string, time: string): void {
    const id = `${zone} ${time}`;
    let job = this.shared.get(id);
    if (!job) {
      job = { name: `${this.prefix}@${zone}:${time}`, users: new Set() };
      const cron = CronJob.from({ cronTime: dailyCron(time), timeZone: zone, start: true, onTick: this.onTick });
      this.registry.addCronJob(job.name, cron);
      this.shared.set(id, job);
    }
    job.users.add(branchId);
  }
}
