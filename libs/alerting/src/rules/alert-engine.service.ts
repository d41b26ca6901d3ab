import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AgentStateService, FleetDevice, FleetFacts } from '@lobby/fleet';
import { Clock, CoalescedRunner, DomainEventBus, JobLock, JsonLogger, TimerHandle } from '@lobby/platform';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertConditionEntity } from '../entities/alert-condition.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxDispatcher } from '../notifications/outbox-dispatcher';
import { TasksService } from '../tasks/tasks.service';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertingConfig, AlertingConfigToken } from './alerting-config';
import { ConditionStore } from './condition-store';
import type { DeviceMoment } from './rule-evaluator';
import { DeviceSweepPlan } from './device-sweep-plan';

export { problemOf } from './alert-evaluator.service';

const SWEEP_LOCK = 'alerting.sweep';

/**
 * Turns fleet state into alerts and tasks. Rules are evaluated (`AlertEvaluator`) on every device
 * change and agent change as it arrives (on the instance that received it), and again on the
 * clock by the one instance that holds the sweep lock: time-based conditions (delays, schedules),
 * escalation and repeats, task deadlines and the outbox. Condition state lives in the database,
 * so whichever instance sees a message, they decide alike.
 */
@Injectable()
export class AlertEngine implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly sweeper = new CoalescedRunner(() => this.sweep());
  private readonly unsubscribe: (() => void)[] = [];
  private ticker?: TimerHandle;
  private graceChecked = false;
  private stopped = false;

  constructor(
    @Inject(AlertingConfigToken) private readonly config: AlertingConfig,
    private readonly clock: Clock,
    private readonly facts: FleetFacts,
    private readonly agentState: AgentStateService,
    private readonly events: DomainEventBus,
    private readonly evaluator: AlertEvaluator,
    private readonly conditions: ConditionStore,
    private readonly plan: DeviceSweepPlan,
    private readonly alerts: AlertsService,
    private readonly tasks: TasksService,
    private readonly notifications: NotificationsService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly lock: JobLock,
    private readonly logger: JsonLogger,
  ) {}

  /** Subscribed before MQTT starts (CentralRuntime, on bootstrap): no change is missed. */
  onModuleInit(): void {
    // This instance's only: whoever received a status or a birth evaluates it (the conditions are shared in the database).
    this.unsubscribe.push(
      this.events.on('device.changed', (change) => this.evaluator.deviceChanged(change)),
      this.events.on('agent.event', (event) => this.evaluator.agentEvent(event)),
      this.events.on('agent.changed', (change) => this.evaluator.agentChanged(change)),
    );
    // What changes a device where this instance does not evaluate it: the next sweep does.
    const remote = { remote: true };
    this.unsubscribe.push(
      this.events.on('device.changed', ({ device }, origin) => {
        if (origin.remote) this.plan.forget(device.id);
      }, remote),
      this.events.on('device.updated', ({ deviceId }) => this.plan.forget(deviceId), remote),
      this.events.on('devices.reported', ({ branchId }) => this.plan.forgetBranch(branchId), remote),
      this.events.on('branch.changed', ({ branchId }) => this.plan.forgetBranch(branchId), remote),
    );
  }
  async onApplicationBootstrap(): Promise<void> {
    await this.conditions.refreshScopes();
    this.ticker = this.clock.setInterval(() => void this.evaluateDue(), this.config.tickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.ticker?.cancel();
    this.unsubscribe.forEach((off) => off());
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
    await this.evaluator.idle();
    await this.sweeper.idle();
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
      ['conditions', async () => this.evaluator.settle(await this.conditions.loadAll(), now)],
      ['tasks', () => this.evaluator.openDueTasks(now)],
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

  /**
   * The devices time can change, from fleet's newest readings (every instance's): those with a
   * condition (delays, storm control) and those whose schedule moment is not the one they were
   * last evaluated at (`DeviceSweepPlan`); the moment is computed once per branch and schedule.
   */
  private async reevaluateDevices(now: number): Promise<void> {
    this.plan.startSweep(now);
    const rows = await this.facts.devices();
    const branches = new Map((await this.facts.branches()).map((b) => [b.id, b]));
    const conditions = new Map<string, AlertConditionEntity[]>();
    for (const c of await this.conditions.loadAll()) if (c.deviceId) conditions.set(c.deviceId, [...(conditions.get(c.deviceId) ?? []), c]);
    const moments = new Map<string, DeviceMoment | null>();
    const momentNow = (row: FleetDevice): DeviceMoment | null => {
      const key = this.plan.momentKey(row.kind, row.settings, row.branchId);
      if (!moments.has(key)) {
        const branch = branches.get(row.branchId);
        moments.set(key, branch ? this.plan.momentOf(row.kind, row.settings, branch, now) : null);
      }
      return moments.get(key) ?? null;
    };
    const due = rows.filter((row) => {
      if (conditions.has(row.id)) return true;
      if (!row.live) return false;
      const moment = momentNow(row);
      return moment !== null && this.plan.isDue(row.id, row.branchId, moment);
    });
    await Promise.all(due.map((row) => this.evaluator.reevaluateDevice(row.id, row.live, row.liveTs ?? now, conditions.get(row.id) ?? [], momentNow(row) ?? undefined)));
  }

  /** Agents the database calls online that did not re-announce during the grace after this start are dead. */
  private async agentsAfterGrace(now: number): Promise<void> {
    if (this.graceChecked || now < this.evaluator.startedAt + this.config.startupGraceMs) return;
    this.graceChecked = true;
    const silent = await this.facts.onlineAgentsSilentSince(this.evaluator.startedAt);
    for (const agent of silent) {
      this.logger.warn('agent did not re-announce after the central restart: called offline', { branchId: agent.branchId });
      await this.agentState.died(agent.branchId, now);
    }
    if (silent.length) await this.evaluator.idle();
  }
}
