import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Not } from 'typeorm';
import { AlertKey, AlertsService } from '@lobby/alerting';
import { both } from '@lobby/contracts';
import { Clock, JsonLogger } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';

export const CHECKLIST_OVERDUE = 'checklist-overdue';

/**
 * An opening checklist not signed off at opening, or a closing one not signed off in time after
 * closing, is a branch-level alert for the branch head (`checklist-overdue`, code = kind). It
 * clears when the checklist is signed off, or when the next day's checklist of that kind starts.
 */
@Injectable()
export class ChecklistOverdue {
  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  key(checklist: Pick<ChecklistEntity, 'branchId' | 'kind'>): AlertKey {
    return { branchId: checklist.branchId, deviceId: null, type: CHECKLIST_OVERDUE, code: checklist.kind };
  }

  /** Raises the alert when the checklist is past its deadline and not signed off; `true` when raised now. */
  async check(checklist: ChecklistEntity, branch: BranchInfo): Promise<boolean> {
    const now = this.clock.now();
    if (checklist.signedOffAt !== null || checklist.overdueAlertId !== null || now < checklist.overdueAt) return false;
    const items = await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: checklist.id });
    const done = items.filter((i) => i.done).length;
    const due = `${checklist.date} ${branch.calendar.localTime(checklist.overdueAt)}`;
    const message = both(`checklist.overdue.${checklist.kind}`, { branch: branch.name, due, done, total: items.length });
    const alert = await this.alerts.raise(this.key(checklist), { severity: 'minor', message, at: now, notifyRoles: ['branch-head'] });
    await this.db.getRepository(ChecklistEntity).update({ id: checklist.id, overdueAlertId: IsNull() }, { overdueAlertId: alert.id });
    checklist.overdueAlertId = alert.id;
    this.logger.info('checklist overdue', { branchId: checklist.branchId, kind: checklist.kind, date: checklist.date, alertId: alert.id });
    return true;
  }

  /** A new day's checklist starts: an earlier day's overdue alert of the same kind has served (the daily log keeps it). */
  async clearEarlier(checklist: ChecklistEntity): Promise<void> {
    const earlier = await this.db.getRepository(ChecklistEntity).findOne({
      where: { branchId: checklist.branchId, kind: checklist.kind, date: LessThan(checklist.date), signedOffAt: IsNull(), overdueAlertId: Not(IsNull()) },
      order: { date: 'DESC' },
    });
    if (earlier) await this.clear(earlier);
  }

  /** Clears the branch's overdue alert of this kind, if one is standing. */
  async clear(checklist: Pick<ChecklistEntity, 'branchId' | 'kind' | 'overdueAlertId'>): Promise<void> {
    if (!checklist.overdueAlertId) return;
    try {
      await this.alerts.clear(this.key(checklist), this.clock.now());
    } catch (error) {
      this.logger.warn('clearing checklist-overdue alert failed', { branchId: checklist.branchId, error: (error as Error).message });
    }
  }
}
