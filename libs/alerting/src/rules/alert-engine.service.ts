import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { DEFAULT_LOCALE, t, type DeviceReading, type DeviceSettings } from '@lobby/contracts';
import { profileOf } from '@lobby/devices';
import { BranchCalendar } from '@lobby/calendar';
import { AgentChange, AgentEntity, AgentStateService, BranchEntity, BranchesService, DeviceChange, DeviceEntity, DevicesService, IngestService } from '@lobby/fleet';
import { Clock, JobLock, JsonLogger, TimerHandle } from '@lobby/platform';
import type { AlertKey } from '../alerting.types';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertEntity } from '../entities/alert.entity';
import type { AlertConditionEntity } from '../entities/alert-condition.entity';
import { LiveEventsService } from '../events/live-events.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher';
import { BranchContext, DeviceSchedule } from '../schedule/device-schedule';
import { TasksService } from '../tasks/tasks.service';
import { CoalescedRunner } from '../util/coalesced-runner';
import { KeyedQueue } from '../util/keyed-queue';
import type { Rule } from './alert-rules.schema';
import { AlertingConfig, AlertingConfigToken, notifyRolesOf } from './alerting-config';
import { ConditionScope, ConditionStore } from './condition-store';
import { AgentFacts, DeviceFacts, evaluateAgent, evaluateDevice, isOfflineRule } from './rule-evaluator';

const SWEEP_LOCK = 'alerting.sweep';

interface DeviceInfo extends DeviceFacts {
  settings: DeviceSettings;
}

/**
 * Turns fleet state into alerts and tasks. Rules are evaluated on every device change and
 * agent change as it arrives (on the instance that received it), and again from the database
 * on the clock by the one instance that holds the sweep lock: time-based conditions (delays,
 * schedules), escalation and repeats, task deadlines and the outbox. Condition state lives in
 * the database, so whichever instance sees a message, they decide alike.
 */
@Injectable()
export class AlertEngine implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly startedAt: number;
  private readonly schedule: DeviceSchedule;
  private readonly rules: Rule[];
  private readonly rulesById: Map<string, Rule>;
  private readonly agents = new Map<string, { online: boolean; since: number }>();
  private readonly branches = new Map<string, BranchContext>();
  private readonly devices = new Map<string, DeviceInfo>();
  private readonly queue = new KeyedQueue();
  private readonly sweeper = new CoalescedRunner(() => this.sweep());
  private readonly subscriptions: Subscription[] = [];
  private ticker?: TimerHandle;
  private graceChecked = false;
  private stopped = false;

  constructor(
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
    private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly ingest: IngestService,
    private readonly agentState: AgentStateService,
    private readonly branchesService: BranchesService,
    private readonly devicesService: DevicesService,
    private readonly conditions: ConditionStore,
    private readonly alerts: AlertsService,
    private readonly tasks: TasksService,
    private readonly notifications: NotificationsService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly events: LiveEventsService,
    private readonly lock: JobLock,
    private readonly logger: JsonLogger,
  ) {
    this.startedAt = clock.now();
    this.schedule = new DeviceSchedule(config);
    this.rules = config.rules;
    this.rulesById = new Map(this.rules.map((r) => [r.id, r]));
  }

  /** Subscribed before MQTT starts (CentralRuntime, on bootstrap): no change is missed. */
  onModuleInit(): void {
    this.subscriptions.push(
      this.ingest.deviceChanges$.subscribe((change) => this.onDeviceChange(change)),
      this.ingest.agentEvents$.subscribe(({ branchId, event, receivedAt }) => this.inBranch(branchId, () => this.pulse(branchId, { event: event.type }, receivedAt))),
      this.agentState.changes$.subscribe((change) => this.onAgentChange(change)),
      this.branchesService.changed$.subscribe((id) => this.branches.delete(id)),
      this.devicesService.changed$.subscribe((id) => this.devices.delete(id)),
      this.ingest.births$.subscribe(({ relabelled }) => relabelled.forEach((id) => this.devices.delete(id))),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const agent of await this.db.getRepository(AgentEntity).find()) {
      if (!this.agents.has(agent.branchId)) this.agents.set(agent.branchId, { online: agent.online, since: agent.lastBirthAt ?? 0 });
    }
    await this.conditions.refreshScopes();
    this.ticker = this.clock.setInterval(() => void this.evaluateDue(), this.config.tickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.ticker?.cancel();
    this.subscriptions.forEach((s) => s.unsubscribe());
    await this.idle();
    await this.dispatcher.stop();
    // A clean stop hands the sweep over at once instead of when the lease runs out.
    await this.lock.release(SWEEP_LOCK).catch((error: Error) => this.logger.warn('sweep lock not released', { error: error.message }));
  }

  /** The time-based sweep (every `tickSeconds`; tests call it after moving the clock). */
  evaluateDue(): Promise<void> {
    return this.sweeper.run().catch((error: Error) => this.logger.error('alerting sweep failed', { error: error.message, stack: error.stack }));
  }

  /** Resolves when every change received so far has been evaluated. */
  async idle(): Promise<void> {
    await this.queue.idle();
    await this.sweeper.idle();
  }

  private onDeviceChange(change: DeviceChange): void {
    const { device, current, ts } = change;
    void this.events.publish({ type: 'device', branchId: device.branchId, data: deviceEvent(change) });
    const held = this.devices.get(device.id);
    if (held) Object.assign(held, { branchId: device.branchId, kind: device.kind, decommissioned: device.decommissioned });
    this.track(this.queue.run(`d:${device.id}`, () => this.evaluateDeviceNow(device.id, current, ts)));
  }

  private onAgentChange(change: AgentChange): void {
    const { branchId, at } = change;
    switch (change.type) {
      case 'online':
      case 'offline': {
        const online = change.type === 'online';
        this.agents.set(branchId, { online, since: at });
        this.inBranch(branchId, () => this.evaluateBranch(branchId, { online }, at));
        return;
      }
      case 'health':
        this.inBranch(branchId, () => this.evaluateBranch(branchId, { health: { missingSeq: change.missingSeq ?? 0, clockSkewMs: change.health.clockSkewMs } }, at));
        return;
    }
  }

  private inBranch(branchId: string, job: () => Promise<void>): void {
    this.track(this.queue.run(`b:${branchId}`, job));
  }

  private track(work: Promise<unknown>): void {
    work.catch((error: Error) => this.logger.error('alert evaluation failed', { error: error.message, stack: error.stack }));
  }

  private async evaluateDeviceNow(deviceId: string, reading: DeviceReading | null, observedTs: number, existing?: AlertConditionEntity[]): Promise<void> {
    const info = await this.deviceInfo(deviceId);
    const branch = info && (await this.branch(info.branchId));
    if (!info || !branch) return;
    const now = this.clock.now();
    const moment = {
      expectedOn: this.schedule.expectedOn(info.kind, info.settings, branch, now),
      lightRequired: profileOf(info.kind).lampSchedule && this.schedule.lightRequired(info.settings, branch, now),
    };
    const evaluation = evaluateDevice(this.rules, info, reading, moment);
    const scope = { branchId: info.branchId, deviceId };
    await this.settle(await this.conditions.apply(scope, evaluation, observedTs, now, existing), now);
  }

  private async evaluateBranch(branchId: string, facts: AgentFacts, at: number): Promise<void> {
    const now = this.clock.now();
    const evaluation = evaluateAgent(this.rules, await this.branchLabel(branchId), facts);
    await this.settle(await this.conditions.apply({ branchId, deviceId: null }, evaluation, at, now), now);
  }

  /** An agent event is a pulse: raised at once, then quiet; it clears after the rule's clear delay without a repeat. */
  private async pulse(branchId: string, facts: AgentFacts, at: number): Promise<void> {
    const evaluation = evaluateAgent(this.rules, await this.branchLabel(branchId), facts);
    if (evaluation.hits.length === 0) return;
    const now = this.clock.now();
    const scope: ConditionScope = { branchId, deviceId: null };
    const rows = await this.conditions.apply(scope, evaluation, at, now);
    await this.settle(rows, now, { ignoreRaiseDelay: true });
    await this.conditions.apply(scope, { hits: [], known: new Set(evaluation.hits.map((h) => h.rule.id)) }, at, now);
  }

  /** Raises what has been true long enough and clears what has been false long enough. */
  private async settle(rows: AlertConditionEntity[], now: number, options: { ignoreRaiseDelay?: boolean } = {}): Promise<void> {
    for (const row of rows) {
      const rule = this.rulesById.get(row.ruleId);
      if (row.active && !row.alertId && rule) {
        if (!this.mayRaise(row, rule, now)) continue;
        if (!options.ignoreRaiseDelay && now < this.effectiveSince(row) + rule.raiseDelaySeconds * 1000) continue;
        const fresh = await this.conditions.get(row.key); // the sweep's copy may be stale
        if (!fresh?.active || fresh.alertId) continue;
        await this.raise(fresh, rule, now);
      } else if (!row.active || !rule) {
        if (row.alertId && rule && row.inactiveSince !== null && now < row.inactiveSince + rule.clearDelaySeconds * 1000) continue;
        const fresh = await this.conditions.get(row.key);
        if (!fresh || (fresh.active && rule)) continue;
        await this.clear(fresh, rule, now);
      }
    }
  }

  private async raise(row: AlertConditionEntity, rule: Rule, now: number): Promise<void> {
    const alert = await this.alerts.raiseRow(keyOf(row), { severity: row.severity, message: { zh: row.message, en: row.messageEn ?? row.message }, at: now, notifyRoles: notifyRolesOf(rule) }, { ruleId: rule.id });
    await this.conditions.markRaised(row.key, alert.id);
    if (rule.task && rule.task.afterSeconds === 0 && !alert.taskId) await this.openTask(alert, rule, now);
  }

  private async clear(row: AlertConditionEntity, rule: Rule | undefined, now: number): Promise<void> {
    if (!rule) {
      // Its rule is gone from the configuration: so is the condition, and its alert.
      if (row.alertId) await this.alerts.clearKey(keyOf(row), now);
      await this.conditions.remove(row.key);
      return;
    }
    if (!row.alertId) {
      await this.conditions.removeInactive(row.key);
      return;
    }
    const cleared = await this.alerts.clearKey(keyOf(row), now);
    if (!(await this.conditions.removeInactive(row.key))) {
      await this.conditions.forgetAlert(row.key, row.alertId); // it came back meanwhile: a new alert
    }
    if (cleared && rule.task) await this.resolveIfHealthy(cleared, rule);
  }

  /** A task is resolved once no open alert of its device is about the same problem. */
  private async resolveIfHealthy(cleared: AlertEntity, rule: Rule): Promise<void> {
    const problem = problemOf(rule, cleared);
    const open = await this.alerts.findOpen({ branchId: cleared.branchId, ...(cleared.deviceId ? { deviceId: cleared.deviceId } : {}) });
    const same = open.filter((a) => a.deviceId === cleared.deviceId).some((a) => {
      const other = this.rules.find((r) => r.alert.type === a.type);
      return other?.task && problemOf(other, { type: a.type, code: a.code ?? null }) === problem;
    });
    if (same) return;
    await this.tasks.autoResolve(cleared.branchId, cleared.deviceId, problem, t(DEFAULT_LOCALE, 'task.autoResolved', { message: cleared.message }));
  }

  private async openTask(alert: AlertEntity, rule: Rule, now: number): Promise<void> {
    if (!rule.task) return;
    const task = await this.tasks.open({
      kind: rule.task.kind,
      branchId: alert.branchId,
      deviceId: alert.deviceId,
      problem: problemOf(rule, alert),
      severity: alert.severity,
      note: alert.message,
      alertIds: [alert.id],
      at: now,
    });
    await this.alerts.setTask(alert.id, task.id);
  }

  /** Storm control: no device alert while its agent is dead; nothing called offline during the start-up grace. */
  private mayRaise(row: AlertConditionEntity, rule: Rule, now: number): boolean {
    if (isOfflineRule(rule) && now < this.startedAt + this.config.startupGraceMs) return false;
    if (row.deviceId && this.agents.get(row.branchId)?.online === false) return false;
    return true;
  }

  /** A device condition counts from when its agent came back at the earliest (a replayed past is no news). */
  private effectiveSince(row: AlertConditionEntity): number {
    if (!row.deviceId) return row.since;
    return Math.max(row.since, this.agents.get(row.branchId)?.since ?? 0);
  }

  private async sweep(): Promise<void> {
    if (this.stopped) return;
    // Every instance, lock or not: another instance's new conditions become visible here.
    await this.conditions.refreshScopes();
    if (!(await this.lock.acquire(SWEEP_LOCK, Math.max(30_000, this.config.tickMs * 6)))) return;
    const now = this.clock.now();
    const steps: [string, () => Promise<void>][] = [
      ['devices', () => this.reevaluateDevices(now)],
      ['agents', () => this.agentsAfterGrace(now)],
      ['conditions', async () => this.settle(await this.conditions.loadAll(), now)],
      ['tasks', () => this.openDueTasks(now)],
      ['alerts', () => this.alerts.sweep(now)],
      ['deadlines', () => this.tasks.sweepDeadlines(now)],
      ['fan-out', () => this.notifications.completeFanOut()],
      ['outbox', () => this.dispatcher.run()],
    ];
    for (const [name, step] of steps) {
      if (this.stopped) return;
      try {
        await step();
      } catch (error) {
        this.logger.error('alerting sweep step failed', { step: name, error: (error as Error).message });
      }
    }
  }

  /** Every device again, from the database's newest readings: schedules move with time, and a change one instance missed is caught here. */
  private async reevaluateDevices(now: number): Promise<void> {
    this.branches.clear();
    const rows = await this.db.getRepository(DeviceEntity).find();
    const conditions = new Map<string, AlertConditionEntity[]>();
    for (const c of await this.conditions.loadAll()) if (c.deviceId) conditions.set(c.deviceId, [...(conditions.get(c.deviceId) ?? []), c]);
    for (const row of rows) this.devices.set(row.id, infoOf(row));
    await Promise.all(
      rows
        .filter((row) => row.live || conditions.has(row.id))
        .map((row) => this.queue.run(`d:${row.id}`, () => this.evaluateDeviceNow(row.id, row.live, row.liveTs ?? now, conditions.get(row.id) ?? []))),
    );
  }

  /** Agents the database calls online that did not re-announce during the grace after this start are dead. */
  private async agentsAfterGrace(now: number): Promise<void> {
    if (this.graceChecked || now < this.startedAt + this.config.startupGraceMs) return;
    this.graceChecked = true;
    const silent = (await this.db.getRepository(AgentEntity).findBy({ online: true })).filter((a) => a.lastSeenAt === null || a.lastSeenAt < this.startedAt);
    for (const agent of silent) {
      this.logger.warn('agent did not re-announce after the central restart: called offline', { branchId: agent.branchId });
      await this.agentState.died(agent.branchId, now);
    }
    if (silent.length) await this.queue.idle();
  }

  /** Tasks a rule opens only after its alert has lasted a while (offline 15 min, protocol errors 1 h). */
  private async openDueTasks(now: number): Promise<void> {
    const withTasks = this.rules.filter((r) => r.task);
    const alerts = await this.alerts.openWithoutTask(withTasks.map((r) => r.id));
    for (const alert of alerts) {
      const rule = this.rulesById.get(alert.ruleId ?? '');
      if (rule?.task && now >= alert.raisedAt + rule.task.afterSeconds * 1000) await this.openTask(alert, rule, now);
    }
  }

  private async deviceInfo(id: string): Promise<DeviceInfo | null> {
    const held = this.devices.get(id);
    if (held) return held;
    const row = await this.db.getRepository(DeviceEntity).findOneBy({ id });
    if (!row) return null;
    const info = infoOf(row);
    this.devices.set(id, info);
    return info;
  }

  /** A branch as people name it (alerts about its gateway). */
  private async branchLabel(id: string): Promise<{ id: string; name: string | null }> {
    return { id, name: (await this.branch(id))?.name ?? null };
  }

  private async branch(id: string): Promise<BranchContext | null> {
    const held = this.branches.get(id);
    if (held) return held;
    const row = await this.db.getRepository(BranchEntity).findOneBy({ id });
    if (!row) return null;
    const context: BranchContext = { id, name: row.name, calendar: new BranchCalendar(row), location: row.location };
    this.branches.set(id, context);
    return context;
  }
}

function infoOf(row: DeviceEntity): DeviceInfo {
  return { id: row.id, branchId: row.branchId, kind: row.kind, name: row.name, nameEn: row.nameEn, location: row.location, decommissioned: row.decommissioned, settings: row.settings ?? {} };
}

function keyOf(row: Pick<AlertConditionEntity, 'branchId' | 'deviceId' | 'type' | 'code'>): AlertKey {
  return { branchId: row.branchId, deviceId: row.deviceId, type: row.type, code: row.code };
}

/** The problem a rule's task is about: its own name, else the alert type and code. */
export function problemOf(rule: Rule, alert: { type: string; code: string | null }): string {
  return rule.task?.problem ?? (alert.code ? `${alert.type}:${alert.code}` : alert.type);
}

function deviceEvent(change: DeviceChange): Record<string, unknown> {
  const { device, current, ts, receivedAt } = change;
  return { id: device.id, branchId: device.branchId, ...current, statusAt: new Date(ts).toISOString(), lastSeen: new Date(receivedAt).toISOString() };
}
