import { Inject, Injectable } from '@nestjs/common';
import { both, DEFAULT_TIMEZONE, same, spacedZh, type Localized } from '@lobby/contracts';
import { deviceLabel } from '@lobby/devices';
import { FleetFacts } from '@lobby/fleet';
import { TASK_KIND_ROLE } from '../alerting.types';
import type { TaskEntity } from '../entities/task.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { localTime } from '../notifications/webhook-format';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { problemName, taskKindName, taskStatusName } from './task-words';

/**
 * What people are told about tasks (through the notification outbox): a task opened or reopened
 * (to the role of its kind), a deadline missed (to the escalation roles), with the device's name
 * and the deadlines in the branch's time zone. The task writes themselves are `TasksService`'s.
 */
@Injectable()
export class TaskNotifier {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly facts: FleetFacts,
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
  ) {}

  async opened(row: TaskEntity, how: 'opened' | 'reopened'): Promise<void> {
    const zone = await this.zoneOf(row.branchId);
    await this.notifications.notify({
      branchId: row.branchId,
      deviceId: row.deviceId,
      roles: [TASK_KIND_ROLE[row.kind]],
      severity: row.severity,
      kind: `task.${how}`,
      title: both(how === 'opened' ? 'task.opened' : 'task.reopened', { kind: taskKindName(row.kind), device: await this.deviceLabel(row.deviceId, row.branchId), problem: problemName(row.problem) }),
      text: both('task.deadlines', { respondBy: localTime(row.responseDueAt, zone), resolveBy: localTime(row.resolveDueAt, zone) }),
      at: row.openedAt,
      dedupeKey: `task:${row.id}:${how}:${row.openedAt}`,
    });
  }

  /** Tells the branch head a deadline was missed (once per deadline: the dedupe key). */
  async overdue(row: TaskEntity, missed: 'response' | 'resolve', now: number): Promise<void> {
    const zone = await this.zoneOf(row.branchId);
    await this.notifications.notify({
      branchId: row.branchId,
      deviceId: row.deviceId,
      roles: this.config.tasks.escalationRoles,
      severity: row.severity,
      kind: 'task.overdue',
      title: both('task.overdue', { kind: taskKindName(row.kind), device: await this.deviceLabel(row.deviceId, row.branchId), problem: problemName(row.problem) }),
      text: overdueText(row, missed, zone),
      at: now,
      dedupeKey: `task:${row.id}:overdue:${missed}:${row.openedAt}`,
    });
  }

  /** The device by its name and location, or the branch by its name for a branch-level task. */
  private async deviceLabel(deviceId: string | null, branchId: string): Promise<Localized> {
    if (!deviceId) return spacedZh(same((await this.facts.branch(branchId))?.name ?? branchId));
    const device = await this.facts.device(deviceId);
    return spacedZh(device ? deviceLabel(device) : same(deviceId));
  }

  private async zoneOf(branchId: string): Promise<string> {
    const branch = await this.facts.branch(branchId);
    return branch?.timezone ?? DEFAULT_TIMEZONE;
  }
}

/** Why a task is overdue, in both languages. */
function overdueText(row: TaskEntity, missed: 'response' | 'resolve', zone: string): Localized {
  const status = taskStatusName(row.status);
  if (missed === 'response') return both('task.overdue.response', { due: localTime(row.responseDueAt, zone), status });
  const due = localTime(row.resolveDueAt, zone);
  return row.assignee ? both('task.overdue.resolveAssigned', { due, status, assignee: row.assignee }) : both('task.overdue.resolve', { due, status });
}
