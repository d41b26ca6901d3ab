import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_TIMEZONE, TaskKind } from '@lobby/contracts';
import { FleetFacts } from '@lobby/fleet';
import { TASK_KIND_ROLE } from '../alerting.types';
import type { TaskEntity } from '../entities/task.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { localTime } from '../notifications/webhook-format';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';

const KIND_TITLE: Record<TaskKind, string> = {
  repair: '维修工单 Repair',
  refill: '补充耗材 Refill',
  'cash-replenishment': '加钞 Cash replenishment',
};

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
      title: `${how === 'opened' ? '新工单 New task' : '工单重开 Task reopened'}: ${KIND_TITLE[row.kind]} ${row.problem}`,
      text: `${await this.deviceLabel(row.deviceId, row.branchId)}: ${row.problem}; 响应时限 respond by ${localTime(row.responseDueAt, zone)}, 解决时限 resolve by ${localTime(row.resolveDueAt, zone)}`,
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
      title: `工单超时 Task overdue: ${KIND_TITLE[row.kind]} ${row.problem}`,
      text:
        missed === 'response'
          ? `未在响应时限内处理 Not taken up by ${localTime(row.responseDueAt, zone)} (status ${row.status})`
          : `未在解决时限内解决 Not resolved by ${localTime(row.resolveDueAt, zone)} (status ${row.status}${row.assignee ? `, ${row.assignee}` : ''})`,
      at: now,
      dedupeKey: `task:${row.id}:overdue:${missed}:${row.openedAt}`,
    });
  }

  private async deviceLabel(deviceId: string | null, branchId: string): Promise<string> {
    if (!deviceId) return branchId;
    const row = await this.facts.device(deviceId);
    return row?.name ? `${row.name} (${deviceId})` : deviceId;
  }

  private async zoneOf(branchId: string): Promise<string> {
    const branch = await this.facts.branch(branchId);
    return branch?.timezone ?? DEFAULT_TIMEZONE;
  }
}
