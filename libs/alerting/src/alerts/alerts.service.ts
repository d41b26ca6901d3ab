import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { type AlertListQuery, both, DEFAULT_LOCALE, type Localized, type Role, SEVERITIES } from '@lobby/contracts';
import { canSeeBranch, listBranches, type Principal, visibleBranches } from '@lobby/access';
import { OpenAlertCounter } from '@lobby/fleet';
import { Clock, conflict, DomainEventBus, isUniqueViolation, notFound } from '@lobby/platform';
import type { AlertKey, AlertView, RaiseAlert } from '../alerting.types';
import { AlertEntity } from '../entities/alert.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { alertHeadline } from './alert-words';
import { openKeyOf } from './alert-key';
import { bothViews, toAlertView } from './alert-view';

/** An unnotified raise older than this is finished by the sweep (a crash between insert and notify). */
const RAISE_NOTIFY_GRACE_MS = 10_000;
const DEFAULT_ROLES: Role[] = ['lobby-manager'];

/**
 * Alerts: raised once per (device or branch, type, code) while not cleared, however many
 * callers or instances race (the unique `open_key` decides), acknowledged by people, cleared
 * only by recovery. Every change is a live event; raises, escalations and repeats are
 * notifications through the outbox.
 */
@Injectable()
export class AlertsService extends OpenAlertCounter {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEventBus,
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
  ) {
    super();
  }

  private get repo() {
    return this.db.getRepository(AlertEntity);
  }

  /** The uncleared alert for the key, or a new one (notified). Idempotent. */
  async raise(key: AlertKey, init: RaiseAlert, meta: { ruleId?: string } = {}): Promise<AlertView> {
    return toAlertView(await this.raiseRow(key, init, meta));
  }

  /** Like `raise`, and says whether this call created it. */
  async raiseRow(key: AlertKey, init: RaiseAlert, meta: { ruleId?: string } = {}): Promise<AlertEntity & { created?: boolean }> {
    const openKey = openKeyOf(key);
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.repo.findOneBy({ openKey });
      if (existing) return existing;
      const row = Object.assign(new AlertEntity(), {
        id: randomUUID(),
        openKey,
        branchId: key.branchId,
        deviceId: key.deviceId,
        type: key.type,
        code: key.code ?? null,
        severity: init.severity,
        state: 'active' as const,
        message: init.message.zh,
        messageEn: init.message.en,
        ruleId: meta.ruleId ?? null,
        notifyRoles: init.notifyRoles?.length ? init.notifyRoles : DEFAULT_ROLES,
        raisedAt: init.at ?? this.clock.now(),
        ackedAt: null,
        ackedBy: null,
        ackNote: null,
        clearedAt: null,
        escalatedAt: null,
        notifiedAt: null,
        repeatCount: 0,
        taskId: null,
      });
      try {
        await this.repo.insert(row);
      } catch (error) {
        if (isUniqueViolation(error)) continue; // another caller or instance raised it first
        throw error;
      }
      await this.notifyRaised(row);
      this.events.emit('alert.raised', { branchId: row.branchId, ...bothViews(row) });
      return Object.assign(row, { created: true });
    }
    throw conflict(`alert ${openKey} keeps changing`);
  }

  async clear(key: AlertKey, at?: number): Promise<void> {
    await this.clearKey(key, at);
  }

  /** Clears the uncleared alert for the key; the cleared alert, or null when there was none. */
  async clearKey(key: AlertKey, at?: number): Promise<AlertEntity | null> {
    const row = await this.repo.findOneBy({ openKey: openKeyOf(key) });
    if (!row) return null;
    const clearedAt = at ?? this.clock.now();
    const result = await this.repo.update({ id: row.id, openKey: Not(IsNull()) }, { openKey: null, state: 'cleared', clearedAt });
    if (!result.affected) return null;
    Object.assign(row, { openKey: null, state: 'cleared', clearedAt });
    this.events.emit('alert.cleared', { branchId: row.branchId, ...bothViews(row) });
    await this.notifications.notify({
      branchId: row.branchId,
      deviceId: row.deviceId,
      roles: row.notifyRoles,
      severity: row.severity,
      kind: 'alert.cleared',
      title: both('alert.cleared', { title: titleOf(row) }),
      text: messageOf(row),
      at: clearedAt,
      dedupeKey: `alert:${row.id}:cleared`,
    });
    return row;
  }

  async findOpen(filter: { branchId?: string; deviceId?: string; type?: string }): Promise<AlertView[]> {
    const rows = await this.repo.find({
      where: {
        openKey: Not(IsNull()),
        ...(filter.branchId ? { branchId: filter.branchId } : {}),
        ...(filter.deviceId ? { deviceId: filter.deviceId } : {}),
        ...(filter.type ? { type: filter.type } : {}),
      },
      order: { raisedAt: 'ASC' },
    });
    return rows.map((row) => toAlertView(row));
  }

  /** Open alerts per device, for device views (the fleet's port). */
  async countOpenByDevice(deviceIds: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (deviceIds.length === 0) return counts;
    for (let i = 0; i < deviceIds.length; i += 500) {
      const rows: { deviceId: string; n: string | number }[] = await this.repo
        .createQueryBuilder('a')
        .select('a.device_id', 'deviceId')
        .addSelect('COUNT(*)', 'n')
        .where('a.open_key IS NOT NULL')
        .andWhere('a.device_id IN (:...ids)', { ids: deviceIds.slice(i, i + 500) })
        .groupBy('a.device_id')
        .getRawMany();
      for (const r of rows) counts.set(r.deviceId, Number(r.n));
    }
    return counts;
  }

  /** The alerts of the caller's branches, in the caller's language. */
  async list(principal: Principal, q: AlertListQuery): Promise<{ items: AlertView[]; total: number }> {
    const locale = principal.locale ?? DEFAULT_LOCALE;
    const qb = this.repo.createQueryBuilder('a');
    const branches = listBranches(visibleBranches(principal), q.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) qb.andWhere('a.branch_id IN (:...branches)', { branches });
    if (q.state?.length) qb.andWhere('a.state IN (:...states)', { states: q.state });
    if (q.severity?.length) qb.andWhere('a.severity IN (:...severities)', { severities: q.severity });
    if (q.device) qb.andWhere('a.device_id = :device', { device: q.device });
    if (q.type) qb.andWhere('a.type = :type', { type: q.type });
    // Severity order as a CASE over the known values: most severe first, then newest.
    if (q.sort === 'severity') qb.addSelect(`CASE a.severity ${SEVERITIES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE ${SEVERITIES.length} END`, 'severity_rank').orderBy('severity_rank', 'ASC').addOrderBy('a.raised_at', 'DESC');
    else qb.orderBy('a.raised_at', 'DESC');
    const [rows, total] = await qb.addOrderBy('a.id', 'ASC').take(q.limit).skip(q.offset).getManyAndCount();
    return { items: rows.map((row) => toAlertView(row, locale)), total };
  }

  /** One alert of the caller's branches; `notFound` when there is none or it is another branch's. */
  async get(id: string, principal: Principal): Promise<AlertView> {
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeBranch(principal, row.branchId)) throw notFound(`alert ${id}`);
    return toAlertView(row, principal.locale ?? DEFAULT_LOCALE);
  }

  /** Acknowledges an active alert (an acknowledged one stays as it is); 409 when cleared. */
  async ack(id: string, note: string | undefined, principal: Principal): Promise<AlertView> {
    const by = principal.username;
    const locale = principal.locale ?? DEFAULT_LOCALE;
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeBranch(principal, row.branchId)) throw notFound(`alert ${id}`);
    if (row.state === 'cleared') throw conflict(`alert ${id} is cleared`);
    const ackedAt = this.clock.now();
    const result = await this.repo.update({ id, state: 'active' }, { state: 'acknowledged', ackedAt, ackedBy: by, ackNote: note ?? null });
    const updated = await this.repo.findOneByOrFail({ id });
    if (!result.affected) {
      if (updated.state === 'cleared') throw conflict(`alert ${id} is cleared`);
      return toAlertView(updated, locale);
    }
    this.events.emit('alert.updated', { branchId: updated.branchId, ...bothViews(updated) });
    return toAlertView(updated, locale);
  }

  /** Links the task opened for an alert. */
  async setTask(alertId: string, taskId: string): Promise<void> {
    await this.repo.update({ id: alertId, taskId: IsNull() }, { taskId });
  }

  /** Uncleared alerts raised by rules with a task, and no task yet. */
  openWithoutTask(ruleIds: string[]): Promise<AlertEntity[]> {
    if (ruleIds.length === 0) return Promise.resolve([]);
    return this.repo.find({ where: { openKey: Not(IsNull()), taskId: IsNull(), ruleId: In(ruleIds) } });
  }

  /** Escalation, repeats and unfinished raise notifications (the sweep). */
  async sweep(now: number): Promise<void> {
    await this.finishRaiseNotifications(now);
    await this.escalate(now);
    await this.repeat(now);
  }

  private async notifyRaised(row: AlertEntity): Promise<void> {
    await this.notifications.notify({
      branchId: row.branchId,
      deviceId: row.deviceId,
      roles: row.notifyRoles,
      severity: row.severity,
      kind: 'alert.raised',
      title: titleOf(row),
      text: messageOf(row),
      at: row.raisedAt,
      dedupeKey: `alert:${row.id}:raised`,
    });
    const notifiedAt = this.clock.now();
    await this.repo.update({ id: row.id, notifiedAt: IsNull() }, { notifiedAt });
    row.notifiedAt = notifiedAt;
  }

  private async finishRaiseNotifications(now: number): Promise<void> {
    const pending = await this.repo.find({ where: { openKey: Not(IsNull()), notifiedAt: IsNull(), raisedAt: LessThanOrEqual(now - RAISE_NOTIFY_GRACE_MS) }, take: 500 });
    for (const row of pending) await this.notifyRaised(row);
  }

  private async escalate(now: number): Promise<void> {
    const { afterMs, severities, roles } = this.config.escalation;
    if (severities.length === 0) return;
    const due = await this.repo.find({
      where: { state: 'active', escalatedAt: IsNull(), severity: In(severities), raisedAt: LessThanOrEqual(now - afterMs) },
      take: 500,
    });
    for (const row of due) {
      await this.notifications.notify({
        branchId: row.branchId,
        deviceId: row.deviceId,
        roles,
        severity: row.severity,
        kind: 'alert.escalated',
        title: both('alert.escalated', { title: titleOf(row) }),
        text: both('alert.escalatedText', { message: messageOf(row), minutes: Math.round(afterMs / 60_000) }),
        at: now,
        dedupeKey: `alert:${row.id}:escalated`,
      });
      const result = await this.repo.update({ id: row.id, escalatedAt: IsNull() }, { escalatedAt: now });
      if (result.affected) this.events.emit('alert.updated', { branchId: row.branchId, ...bothViews({ ...row, escalatedAt: now }) });
    }
  }

  private async repeat(now: number): Promise<void> {
    const { everyMs, severities } = this.config.repeat;
    if (severities.length === 0) return;
    const due = await this.repo.find({
      where: { state: 'active', severity: In(severities), notifiedAt: LessThanOrEqual(now - everyMs) },
      take: 500,
    });
    for (const row of due) {
      const n = row.repeatCount + 1;
      await this.notifications.notify({
        branchId: row.branchId,
        deviceId: row.deviceId,
        roles: row.notifyRoles,
        severity: row.severity,
        kind: 'alert.repeat',
        title: both('alert.repeat', { title: titleOf(row) }),
        text: messageOf(row),
        at: now,
        dedupeKey: `alert:${row.id}:repeat:${n}`,
      });
      await this.repo.update({ id: row.id, repeatCount: row.repeatCount }, { notifiedAt: now, repeatCount: n });
    }
  }
}

/** A notification's title: the fault's own name or the alert type's title, never a code. */
function titleOf(row: { type: string; code: string | null }): Localized {
  return alertHeadline(row);
}

/** The stored message in both languages (rows from before the catalogue have zh-CN only). */
export function messageOf(row: Pick<AlertEntity, 'message' | 'messageEn'>): Localized {
  return { zh: row.message, en: row.messageEn ?? row.message };
}
