import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_LOCALE, t, type DeviceReading } from '@lobby/contracts';
import { AgentChange, AgentEventReceived, DeviceChange, FleetFacts } from '@lobby/fleet';
import { Clock, JsonLogger, KeyedSerialQueue } from '@lobby/platform';
import type { AlertKey } from '../alerting.types';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertEntity } from '../entities/alert.entity';
import type { AlertConditionEntity } from '../entities/alert-condition.entity';
import { TasksService } from '../tasks/tasks.service';
import type { Rule } from './alert-rules.schema';
import { AlertingConfig, AlertingConfigToken, notifyRolesOf } from './alerting-config';
import { ConditionScope, ConditionStore } from './condition-store';
import { DeviceSweepPlan } from './device-sweep-plan';
import { AgentFacts, DeviceMoment, evaluateAgent, evaluateDevice, isOfflineRule } from './rule-evaluator';

/**
 * Alert evaluation: the rules applied to a device's reading or an agent's state (conditions in
 * the database), then settled — raised once true long enough (storm control permitting),
 * cleared once false long enough, with the tasks that follow. Evaluations of one device (or one
 * branch's agent) run one at a time, in arrival order. The timed sweep (`AlertEngine`) calls
 * the same evaluation; it is not part of it.
 */
@Injectable()
export class AlertEvaluator {
  /** When this instance started: the start-up grace counts from here. */
  readonly startedAt: number;
  private readonly rules: Rule[];
  private readonly rulesById: Map<string, Rule>;
  private readonly queue = new KeyedSerialQueue();

  constructor(
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
    private readonly clock: Clock,
    private readonly facts: FleetFacts,
    private readonly conditions: ConditionStore,
    private readonly plan: DeviceSweepPlan,
    private readonly alerts: AlertsService,
    private readonly tasks: TasksService,
    private readonly logger: JsonLogger,
  ) {
    this.startedAt = clock.now();
    this.rules = config.rules;
    this.rulesById = new Map(this.rules.map((r) => [r.id, r]));
  }

  /** Resolves when every evaluation queued so far is done. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  deviceChanged(change: DeviceChange): void {
    const { device, current, ts } = change;
    this.track(this.queue.run(`d:${device.id}`, () => this.evaluateDeviceNow(device.id, current, ts)));
  }

  agentEvent({ branchId, event, receivedAt }: AgentEventReceived): void {
    this.inBranch(branchId, () => this.pulse(branchId, { event: event.type }, receivedAt));
  }

  agentChanged(change: AgentChange): void {
    const { branchId, at } = change;
    switch (change.type) {
      case 'online':
      case 'offline': {
        const online = change.type === 'online';
        this.inBranch(branchId, () => this.evaluateBranch(branchId, { online }, at));
        return;
      }
      case 'health':
        this.inBranch(branchId, () => this.evaluateBranch(branchId, { health: { missingSeq: change.missingSeq ?? 0, clockSkewMs: change.health.clockSkewMs } }, at));
        return;
    }
  }

  /**
   * The device again with the reading held (the sweep: schedules move with time); `existing` are
   * its conditions as just read, `moment` its schedule at the sweep where the sweep worked it out.
   */
  reevaluateDevice(deviceId: string, reading: DeviceReading | null, observedTs: number, existing: AlertConditionEntity[], moment?: DeviceMoment): Promise<void> {
    return this.queue.run(`d:${deviceId}`, () => this.evaluateDeviceNow(deviceId, reading, observedTs, existing, moment));
  }

  private inBranch(branchId: string, job: () => Promise<void>): void {
    this.track(this.queue.run(`b:${branchId}`, job));
  }

  private track(work: Promise<unknown>): void {
    work.catch((error: Error) => this.logger.error('alert evaluation failed', { error: error.message, stack: error.stack }));
  }

  /** A branch as people name it (alerts about its gateway). */
  private async branchLabel(id: string): Promise<{ id: string; name: string | null }> {
    return { id, name: (await this.facts.branch(id))?.name ?? null };
  }

  private async evaluateDeviceNow(deviceId: string, reading: DeviceReading | null, observedTs: number, existing?: AlertConditionEntity[], atSweep?: DeviceMoment): Promise<void> {
    const info = await this.facts.device(deviceId);
    const branch = info && (await this.facts.branch(info.branchId));
    if (!info || !branch) return;
    const now = this.clock.now();
    const moment = atSweep ?? this.plan.momentOf(info.kind, info.settings, branch, now);
    this.plan.forget(deviceId); // noted again once settled: a failed evaluation is the sweep's again
    const evaluation = evaluateDevice(this.rules, info, reading, moment);
    const scope = { branchId: info.branchId, deviceId };
    await this.settle(await this.conditions.apply(scope, evaluation, observedTs, now, existing), now);
    this.plan.noteEvaluated(deviceId, info.branchId, moment, this.plan.momentKey(info.kind, info.settings, info.branchId));
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
  async settle(rows: AlertConditionEntity[], now: number, options: { ignoreRaiseDelay?: boolean } = {}): Promise<void> {
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
    if (row.deviceId && this.facts.agent(row.branchId)?.online === false) return false;
    return true;
  }

  /** A device condition counts from when its agent came back at the earliest (a replayed past is no news). */
  private effectiveSince(row: AlertConditionEntity): number {
    if (!row.deviceId) return row.since;
    return Math.max(row.since, this.facts.agent(row.branchId)?.since ?? 0);
  }

  /** Tasks a rule opens only after its alert has lasted a while (offline 15 min, protocol errors 1 h). */
  async openDueTasks(now: number): Promise<void> {
    const withTasks = this.rules.filter((r) => r.task);
    const alerts = await this.alerts.openWithoutTask(withTasks.map((r) => r.id));
    for (const alert of alerts) {
      const rule = this.rulesById.get(alert.ruleId ?? '');
      if (rule?.task && now >= alert.raisedAt + rule.task.afterSeconds * 1000) await this.openTask(alert, rule, now);
    }
  }
}

function keyOf(row: Pick<AlertConditionEntity, 'branchId' | 'deviceId' | 'type' | 'code'>): AlertKey {
  return { branchId: row.branchId, deviceId: row.deviceId, type: row.type, code: row.code };
}

/** The problem a rule's task is about: its own name, else the alert type and code. */
export function problemOf(rule: Rule, alert: { type: string; code: string | null }): string {
  return rule.task?.problem ?? (alert.code ? `${alert.type}:${alert.code}` : alert.type);
}
