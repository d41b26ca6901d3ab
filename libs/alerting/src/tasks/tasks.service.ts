import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, MoreThanOrEqual } from 'typeorm';
import { listBranches, Principal, UsersService, visibleBranches } from '@lobby/access';
import { DEFAULT_LOCALE, forecastConsumable, t, TaskKind, TaskListQuery } from '@lobby/contracts';
import { FleetFacts } from '@lobby/fleet';
import { Clock, conflict, DomainEventBus, forbidden, invalid, isUniqueViolation, notFound } from '@lobby/platform';
import { atLeast, OpenTask, TASK_KIND_ROLE, TaskView } from '../alerting.types';
import { taskOpenKeyOf } from '../alerts/alert-key';
import { StoredHistoryEntry, TaskEntity } from '../entities/task.entity';
import { canSeeTask, taskKindsFor } from '../events/visibility';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { deadlinesFor, missedDeadline } from './deadlines';
import { TaskNotifier } from './task-notifier';
import { WORKING_STATUSES } from './task-lifecycle';
import { applyMove, planPatch, TaskPatch } from './task-patch';
import { toTaskView } from './task-view';

const SYSTEM = 'system';
const RETRIES = 5;

/** `missedDeadline` (and the stored flag) in SQL, so `?overdue=` pages in the database. */
const OVERDUE_SQL = `(t.overdue = :overdueFlag
  OR (t.status IN ('open', 'assigned', 'in-progress') AND t.resolve_due_at < :overdueNow)
  OR (t.resolved_at IS NOT NULL AND t.resolved_at > t.resolve_due_at)
  OR (t.status = 'open' AND t.response_due_at < :overdueNow)
  OR (t.responded_at IS NOT NULL AND t.responded_at > t.response_due_at))`;

/**
 * Maintenance tasks: one per device and problem while it is being worked on or awaiting close
 * (the unique `open_key`), deadlines by severity, a history entry for every change. Writes are
 * conditional on `version`, retried when another writer got there first. What people are told
 * about them is `TaskNotifier`'s; every change is a `task.changed` domain event.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly notifier: TaskNotifier,
    private readonly events: DomainEventBus,
    private readonly facts: FleetFacts,
    private readonly users: UsersService,
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
  ) {}

  private get repo() {
    return this.db.getRepository(TaskEntity);
  }

  /** The task for (device, problem): the one being worked on (a recurrence attaches), one closed lately (reopened), or a new one. */
  async open(input: OpenTask): Promise<TaskView> {
    const now = input.at ?? this.clock.now();
    const openKey = taskOpenKeyOf(input.branchId, input.deviceId, input.problem);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const held = await this.repo.findOneBy({ openKey });
      if (held) {
        const attached = await this.attach(held, input, now);
        if (attached) return toTaskView(attached, now);
        continue;
      }
      try {
        const reopened = await this.reopenClosed(openKey, input, now);
        if (reopened) return toTaskView(reopened, now);
        return toTaskView(await this.create(openKey, input, now), now);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // someone else opened it: attach to theirs
      }
    }
    throw conflict(`task ${openKey} keeps changing`);
  }

  async findOpen(filter: { branchId?: string; deviceId?: string; kind?: string }): Promise<TaskView[]> {
    const now = this.clock.now();
    const rows = await this.repo.find({
      where: {
        status: In([...WORKING_STATUSES]),
        ...(filter.branchId ? { branchId: filter.branchId } : {}),
        ...(filter.deviceId ? { deviceId: filter.deviceId } : {}),
        ...(filter.kind ? { kind: filter.kind as TaskKind } : {}),
      },
      order: { createdAt: 'ASC' },
    });
    return rows.map((r) => toTaskView(r, now));
  }

  async list(principal: Principal, q: TaskListQuery): Promise<{ items: TaskView[]; total: number }> {
    const visible = visibleBranches(principal);
    const kinds = taskKindsFor(principal);
    const qb = this.repo.createQueryBuilder('t');
    const branches = listBranches(visible, q.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) qb.andWhere('t.branch_id IN (:...branches)', { branches });
    if (kinds) qb.andWhere('t.kind IN (:...kinds)', { kinds });
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    if (q.status?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: q.status });
    if (q.assignee) qb.andWhere('t.assignee = :assignee', { assignee: q.assignee });
    if (q.device) qb.andWhere('t.device_id = :device', { device: q.device });
    const now = this.clock.now();
    if (q.overdue) qb.andWhere(q.overdue === 'true' ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, { overdueNow: now, overdueFlag: true });
    if (q.sort === 'resolveDueAt') qb.orderBy('t.resolve_due_at', 'ASC');
    else qb.orderBy('t.created_at', 'DESC');
    const [rows, total] = await qb.addOrderBy('t.id', 'ASC').take(q.limit).skip(q.offset).getManyAndCount();
    return { items: await this.named(rows.map((r) => toTaskView(r, now))), total };
  }

  async get(id: string, principal: Principal): Promise<TaskView> {
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeTask(principal, row)) throw notFound(`task ${id}`);
    return (await this.named([toTaskView(row, this.clock.now())]))[0];
  }

  /** Adds each device's name, so people read `取号机 1` rather than an id. */
  private async named(views: TaskView[]): Promise<TaskView[]> {
    const ids = [...new Set(views.map((v) => v.deviceId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return views;
    const rows = [...(await this.facts.devicesById(ids)).values()];
    const names = new Map(rows.filter((r) => r.name).map((r) => [r.id, r.name!]));
    return views.map((v) => (v.deviceId && names.has(v.deviceId) ? { ...v, deviceName: names.get(v.deviceId) } : v));
  }

  /** A person's change: status, assignee, note (docs/api.md); 409 for an illegal move. */
  async update(id: string, patch: TaskPatch, principal: Principal): Promise<TaskView> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const row = await this.repo.findOneBy({ id });
      if (!row || !canSeeTask(principal, row)) throw notFound(`task ${id}`);
      if (principal.role === 'branch-head') throw forbidden('a branch head reads tasks only');
      if (patch.assignee !== undefined && patch.assignee !== row.assignee) await this.assertAssignable(row, patch.assignee);
      const now = this.clock.now();
      const changes = planPatch(row, patch, principal.username, now);
      const updated = await this.write(row, { ...changes, updatedAt: now });
      if (updated) {
        this.publish(updated);
        return toTaskView(updated, now);
      }
    }
    throw conflict(`task ${id} is being changed by someone else: try again`);
  }

  /** The device is healthy again: a task still being worked on is resolved, with a note. */
  async autoResolve(branchId: string, deviceId: string | null, problem: string, note: string): Promise<TaskView | null> {
    const openKey = taskOpenKeyOf(branchId, deviceId, problem);
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const row = await this.repo.findOneBy({ openKey });
      if (!row || !WORKING_STATUSES.includes(row.status)) return null;
      const now = this.clock.now();
      const changes: Partial<TaskEntity> = { status: 'resolved', updatedAt: now };
      applyMove(row, row.status, 'resolved', now, changes);
      changes.history = [...row.history, { at: now, by: SYSTEM, from: row.status, to: 'resolved', note }];
      const updated = await this.write(row, changes);
      if (updated) {
        this.publish(updated);
        return toTaskView(updated, now);
      }
    }
    return null;
  }

  /** Flags tasks past a deadline and tells the branch head, once per deadline. */
  async sweepDeadlines(now: number): Promise<void> {
    const due = await this.repo
      .createQueryBuilder('t')
      .where('t.status IN (:...working)', { working: WORKING_STATUSES })
      .andWhere(new Brackets((w) => w.where('t.response_due_at < :now', { now }).orWhere('t.resolve_due_at < :now', { now })))
      .andWhere(new Brackets((w) => w.where('t.escalated IS NULL').orWhere('t.escalated = :response', { response: 'response' })))
      .take(500)
      .getMany();
    for (const row of due) {
      const missed = missedDeadline(row, now);
      if (!missed || row.escalated === missed) continue;
      await this.notifier.overdue(row, missed, now);
      const result = await this.repo.update({ id: row.id, escalated: row.escalated === null ? IsNull() : row.escalated }, { overdue: true, escalated: missed });
      if (result.affected) this.publish({ ...row, overdue: true, escalated: missed });
    }
  }

  private async create(openKey: string, input: OpenTask, now: number): Promise<TaskEntity> {
    const row = Object.assign(new TaskEntity(), {
      id: randomUUID(),
      openKey,
      kind: input.kind,
      branchId: input.branchId,
      deviceId: input.deviceId,
      problem: input.problem,
      status: 'open' as const,
      severity: input.severity,
      assignee: null,
      createdAt: now,
      openedAt: now,
      ...deadlinesFor(input.severity, now, this.config.tasks.deadlines),
      respondedAt: null,
      resolvedAt: null,
      closedAt: null,
      overdue: false,
      escalated: null,
      alertIds: [...new Set(input.alertIds ?? [])],
      history: [{ at: now, by: SYSTEM, from: null, to: 'open' as const, ...(input.note ? { note: input.note } : {}) }],
      version: 0,
      updatedAt: now,
    });
    await this.repo.insert(row);
    await this.notifier.opened(row, 'opened');
    this.publish(row);
    await this.supersedeForecasts(row);
    return row;
  }

  /**
   * A consumable's alert task (`paper`, `cash`) takes over the refill planner's forecast tasks
   * for the same consumable of the device (`paper-forecast`, `cash-forecast:CASS1`): one visit
   * refills it, so the people doing it see one task, not two.
   */
  private async supersedeForecasts(row: TaskEntity): Promise<void> {
    if (!row.deviceId) return;
    const forecasts = (await this.findOpen({ deviceId: row.deviceId })).filter((task) => forecastConsumable(task.problem) === row.problem);
    for (const task of forecasts) await this.autoResolve(row.branchId, row.deviceId, task.problem, t(DEFAULT_LOCALE, 'task.superseded'));
  }

  /** A problem that came back within the reopen window reopens its closed task. */
  private async reopenClosed(openKey: string, input: OpenTask, now: number): Promise<TaskEntity | null> {
    const recent = await this.repo.findOne({
      where: {
        status: 'closed',
        branchId: input.branchId,
        deviceId: input.deviceId === null ? IsNull() : input.deviceId,
        problem: input.problem,
        closedAt: MoreThanOrEqual(now - this.config.tasks.reopenWithinMs),
      },
      order: { closedAt: 'DESC' },
    });
    if (!recent) return null;
    const updated = await this.write(recent, this.reopenChanges(recent, openKey, input, now, t(DEFAULT_LOCALE, 'task.reopenedNote')));
    if (!updated) return null;
    await this.notifier.opened(updated, 'reopened');
    this.publish(updated);
    return updated;
  }

  /** A recurrence of the problem of a held task: its alerts join; a resolved task goes back to open. */
  private async attach(held: TaskEntity, input: OpenTask, now: number): Promise<TaskEntity | null> {
    const newAlerts = (input.alertIds ?? []).filter((id) => !held.alertIds.includes(id));
    const upgrade = atLeast(input.severity, held.severity) && input.severity !== held.severity;
    if (held.status === 'resolved') {
      const updated = await this.write(held, this.reopenChanges(held, held.openKey!, input, now, t(DEFAULT_LOCALE, 'task.reopenedBeforeClose')));
      if (updated) {
        await this.notifier.opened(updated, 'reopened');
        this.publish(updated);
      }
      return updated;
    }
    if (newAlerts.length === 0 && !upgrade) return held;
    const entry: StoredHistoryEntry = { at: now, by: SYSTEM, from: held.status, to: held.status, note: upgrade ? `recurred; severity ${held.severity} → ${input.severity}` : 'recurred' };
    const changes: Partial<TaskEntity> = { alertIds: [...held.alertIds, ...newAlerts], history: [...held.history, entry], updatedAt: now };
    if (upgrade) Object.assign(changes, { severity: input.severity }, tighter(held, deadlinesFor(input.severity, held.openedAt, this.config.tasks.deadlines)));
    const updated = await this.write(held, changes);
    if (updated) this.publish(updated);
    return updated;
  }

  private reopenChanges(task: TaskEntity, openKey: string, input: OpenTask, now: number, note: string): Partial<TaskEntity> {
    const severity = atLeast(input.severity, task.severity) ? input.severity : task.severity;
    return {
      openKey,
      status: 'open',
      severity,
      assignee: null,
      openedAt: now,
      ...deadlinesFor(severity, now, this.config.tasks.deadlines),
      respondedAt: null,
      resolvedAt: null,
      closedAt: null,
      overdue: false,
      escalated: null,
      alertIds: [...new Set([...task.alertIds, ...(input.alertIds ?? [])])],
      history: [...task.history, { at: now, by: SYSTEM, from: task.status, to: 'open', note: task.assignee ? `${note} (was with ${task.assignee})` : note }],
      updatedAt: now,
    };
  }

  /** A conditional write on `version`; the updated row, or null when someone else wrote first. */
  private async write(row: TaskEntity, changes: Partial<TaskEntity>): Promise<TaskEntity | null> {
    const result = await this.repo
      .createQueryBuilder()
      .update(TaskEntity)
      .set({ ...(changes as object), version: row.version + 1 })
      .where('id = :id AND version = :version', { id: row.id, version: row.version })
      .execute();
    if (!result.affected) return null;
    return Object.assign(new TaskEntity(), row, changes, { version: row.version + 1 });
  }

  private async assertAssignable(task: TaskEntity, username: string): Promise<void> {
    const role = TASK_KIND_ROLE[task.kind];
    if (!(await this.users.isActiveMember(username, role, task.branchId))) {
      throw invalid(`assignee must be a ${role} user of branch ${task.branchId}`, [`assignee: not a ${role} of ${task.branchId}`]);
    }
  }

  private publish(row: TaskEntity): void {
    this.events.emit('task.changed', { branchId: row.branchId, kind: row.kind, task: toTaskView(row, this.clock.now()) });
  }
}

/** Earlier deadlines win when a recurrence raises the severity. */
function tighter(task: TaskEntity, next: { responseDueAt: number; resolveDueAt: number }): Partial<TaskEntity> {
  return { responseDueAt: Math.min(task.responseDueAt, next.responseDueAt), resolveDueAt: Math.min(task.resolveDueAt, next.resolveDueAt) };
}
