import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { DeviceKind, DeviceSettings } from '@lobby/contracts';
import { AgentStateService, FleetBranch, FleetDevice, FleetFacts } from '@lobby/fleet';
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
/** Devices a sweep evaluates at a time. */
const EVALUATE_SLICE = 1_000;

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
   * condition (delays, storm control), those forgotten since their last evaluation here, and in
   * each branch whose schedule moments changed since it was last looked at (opening, closing, a
   * lamp's hours), those whose moment is not the one they were last evaluated at
   * (`DeviceSweepPlan`); a moment is computed once per branch, schedule and sweep.
   */
  private async reevaluateDevices(now: number): Promise<void> {
    this.plan.startSweep(now);
    const branches = new Map((await this.facts.branches()).map((b) => [b.id, b]));
    const conditions = new Map<string, AlertConditionEntity[]>();
    for (const c of await this.conditions.loadAll()) if (c.deviceId) conditions.set(c.deviceId, [...(conditions.get(c.deviceId) ?? []), c]);
    const moments = new SweepMoments(this.plan, branches, now);
    const due = new Map<string, FleetDevice>();
    const consider = (row: FleetDevice, forced: boolean) => {
      if (due.has(row.id)) return;
      if (conditions.has(row.id)) return void due.set(row.id, row);
      if (!row.live) return;
      const moment = moments.ofDevice(row);
      if (moment !== null && (forced || this.plan.isDue(row.id, row.branchId, moment))) due.set(row.id, row);
    };
    for (const branchId of branches.keys()) await this.lookIntoBranch(branchId, moments, consider);
    const others = [...this.plan.forgottenDevices(), ...[...conditions.keys()].filter((id) => !due.has(id))];
    for (const row of (await this.facts.devicesById(others)).values()) consider(row, false);
    for (const id of this.plan.forgottenDevices()) if (!due.has(id)) this.plan.dropForgotten(id);
    // In slices: the full pass after a start has every device due, and 100,000 evaluations in flight at once hold their garbage together.
    const rows = [...due.values()];
    for (let i = 0; i < rows.length && !this.stopped; i += EVALUATE_SLICE) {
      await Promise.all(rows.slice(i, i + EVALUATE_SLICE).map((row) => this.evaluator.reevaluateDevice(row.id, row.live, row.liveTs ?? now, conditions.get(row.id) ?? [], moments.ofDevice(row) ?? undefined)));
    }
  }

  /** The branch's devices one by one, when one of its moments turned since the last look (or it changed). */
  private async lookIntoBranch(branchId: string, moments: SweepMoments, consider: (row: FleetDevice, forced: boolean) => void): Promise<void> {
    const keyed = (key: string, kind: DeviceKind, settings: DeviceSettings) => moments.ofKey(key, kind, settings, branchId);
    if (!this.plan.branchDue(branchId, keyed)) return;
    const forced = this.plan.branchForced(branchId);
    const keys = new Map<string, { kind: DeviceKind; settings: DeviceSettings }>();
    for (const row of await this.facts.devices(branchId)) {
      keys.set(this.plan.momentKey(row.kind, row.settings, branchId), { kind: row.kind, settings: row.settings });
      consider(row, forced);
    }
    this.plan.branchSwept(branchId, keys, keyed);
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

/** Schedule moments of one sweep, computed once per moment key (branch, schedule class, light hours). */
class SweepMoments {
  private readonly byKey = new Map<string, DeviceMoment | null>();

  constructor(
    private readonly plan: DeviceSweepPlan,
    private readonly branches: Map<string, FleetBranch>,
    private readonly now: number,
  ) {}

  ofKey(key: string, kind: DeviceKind, settings: DeviceSettings, branchId: string): DeviceMoment | null {
    if (!this.byKey.has(key)) {
      const branch = this.branches.get(branchId);
      this.byKey.set(key, branch ? this.plan.momentOf(kind, settings, branch, this.now) : null);
    }
    return this.byKey.get(key) ?? null;
  }

  ofDevice(row: FleetDevice): DeviceMoment | null {
    return this.ofKey(this.plan.momentKey(row.kind, row.settings, row.branchId), row.kind, row.settings, row.branchId);
  }
}
