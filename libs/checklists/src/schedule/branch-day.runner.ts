import { Injectable } from '@nestjs/common';
import { Clock, JsonLogger } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistConfig } from '../checklist-config';
import { ChecklistEvaluator } from '../checklists/checklist-evaluator.service';
import { ChecklistGenerator } from '../checklists/checklist-generator.service';
import { ChecklistOverdue } from '../checklists/checklist-overdue.service';
import { ChecklistPublisher } from '../checklists/checklist-publisher';
import { LampSwitchTest } from '../checklists/lamp-switch-test.service';
import { DailyLogService } from '../daily-log/daily-log.service';
import type { ChecklistEntity } from '../entities/checklist.entity';
import { RefillPlanner } from '../forecast/refill-planner.service';
import { ChecklistSlot, nearbySlots } from './due-times';

const MINUTE = 60_000;
/** Refill forecasts are re-planned this often during the day (always when the opening checklist is made). */
const PLAN_EVERY_MS = 30 * MINUTE;
/** Time-bound auto items (light schedules, forecasts) are re-evaluated this often on rounds; changes re-evaluate at once. */
const EVALUATE_EVERY_MS = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;

/**
 * What a round does for one branch at the clock's now: make the checklists that are due, plan
 * refills, raise overdue alerts, write the daily log. Remembers what is settled, so a round over
 * many branches costs a query only where something can still happen.
 */
@Injectable()
export class BranchDayRunner {
  /** `branch:kind:date` → nothing left to do for that checklist (overdue handled; for closing, the final log written). */
  private readonly settled = new Map<string, number>();
  private readonly lastPlanned = new Map<string, number>();
  private readonly lastEvaluated = new Map<string, number>();
  private prunedAt = 0;

  constructor(
    private readonly generator: ChecklistGenerator,
    private readonly evaluator: ChecklistEvaluator,
    private readonly overdue: ChecklistOverdue,
    private readonly lampTest: LampSwitchTest,
    private readonly refills: RefillPlanner,
    private readonly dailyLog: DailyLogService,
    private readonly publisher: ChecklistPublisher,
    private readonly config: ChecklistConfig,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async run(branch: BranchInfo): Promise<void> {
    const now = this.clock.now();
    this.prune(now);
    // A branch day that closed before the branch existed (a first start at night) has nothing to catch up.
    const due = nearbySlots(branch.calendar, now, this.config.schedule).filter(
      (slot) => slot.dueAt <= now && now < slot.lastChanceAt && slot.closesAt > branch.createdAt,
    );
    for (const slot of due) {
      const key = `${branch.id}:${slot.kind}:${slot.date}`;
      if (this.settled.has(key)) continue;
      const { checklist, created } = await this.generator.ensure(branch, slot);
      if (created) await this.started(branch, slot, checklist);
      if (slot.kind === 'opening' && now < slot.closesAt && (created || now - (this.lastPlanned.get(key) ?? 0) >= PLAN_EVERY_MS)) {
        this.lastPlanned.set(key, now);
        await this.refills.plan(branch, slot.date, slot.closesAt);
      }
      if (now < slot.overdueAt) continue;
      await this.overdue.check(checklist, branch);
      if (slot.kind === 'closing' && !(await this.dailyLog.stored(branch.id, slot.date))?.final) await this.dailyLog.generate(branch, slot.date, true);
      if (slot.kind === 'closing' || now >= slot.closesAt) this.settled.set(key, now);
    }
    if (due.length && now - (this.lastEvaluated.get(branch.id) ?? 0) >= EVALUATE_EVERY_MS) {
      this.lastEvaluated.set(branch.id, now);
      await this.evaluator.evaluateBranch(branch.id);
    }
  }

  /** A checklist was just made: clear yesterday's overdue alert, start switch tests, write the provisional log, evaluate. */
  private async started(branch: BranchInfo, slot: ChecklistSlot, checklist: ChecklistEntity): Promise<void> {
    this.logger.info('checklist generated', { branchId: branch.id, kind: slot.kind, date: slot.date });
    await this.overdue.clearEarlier(checklist);
    if (slot.kind === 'closing') {
      await this.lampTest.start(checklist);
      await this.dailyLog.generate(branch, slot.date, false);
    }
    await this.evaluator.evaluate(checklist, branch);
    await this.publisher.publish(checklist.id);
  }

  /** Forgets a branch's memo (its calendar changed). */
  forget(branchId: string): void {
    for (const map of [this.settled, this.lastPlanned]) for (const key of map.keys()) if (key.startsWith(`${branchId}:`)) map.delete(key);
    this.lastEvaluated.delete(branchId);
  }

  private prune(now: number): void {
    if (Math.abs(now - this.prunedAt) < 60 * MINUTE) return;
    this.prunedAt = now;
    for (const map of [this.settled, this.lastPlanned, this.lastEvaluated]) for (const [key, at] of map) if (now - at > 2 * DAY || at > now) map.delete(key);
  }
}
