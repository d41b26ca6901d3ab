import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { DeviceReading, SelfServiceState, Severity } from '@lobby/contracts';
import { profileOf } from '@lobby/devices';
import { BranchesService, FleetDevice, FleetFacts, machineCapabilities, SELF_SERVICE_LABELS, selfServiceNotice, selfServiceState } from '@lobby/fleet';
import { Clock, DomainEventBus, JsonLogger, KeyedSerialQueue, TimerHandle } from '@lobby/platform';
import { NotificationsService } from '../notifications/notifications.service';

/** How often the told states are compared with the machines'. */
const ROUND_MS = 5 * 60_000;

const SEVERITY: Record<SelfServiceState, Severity> = {
  unavailable: 'major',
  'withdraw-only': 'minor',
  'deposit-only': 'minor',
  'withdraw-and-deposit': 'warning',
};

/**
 * 分流: when what a branch's self-service area can do changes (its cash machines' dispenser,
 * cash units, shutter), the lobby manager is told once to stop or resume sending customers there.
 * The state told is kept on the branch row and changed by a conditional update, so neither a
 * second instance nor a restart tells them again. Outside the branch's hours (unless its
 * self-service area is 24-hour) nothing is told or recorded: the machines being off at night is
 * no news, and the morning compares with the evening before.
 */
@Injectable()
export class SelfServiceNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly queue = new KeyedSerialQueue();
  private unsubscribe: (() => void)[] = [];
  private round?: TimerHandle;
  private running?: Promise<void>;

  constructor(
    private readonly fleet: FleetFacts,
    private readonly branches: BranchesService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.events.on('device.changed', ({ device, previous, current }) => {
        if (profileOf(device.kind).selfService && capabilityMoved(previous, current)) void this.check(device.branchId);
      }),
      this.events.on('branch.changed', ({ branchId }) => void this.check(branchId)),
      this.events.on('device.updated', ({ deviceId }) => void this.deviceUpdated(deviceId)),
    ];
    // Opening hours begin without a device change: a round finds the branches whose told state is behind.
    this.round = this.clock.setInterval(() => void this.roundOnce(), ROUND_MS);
  }

  onModuleDestroy(): Promise<void> {
    this.round?.cancel();
    this.unsubscribe.forEach((off) => off());
    return this.queue.idle();
  }

  private async deviceUpdated(deviceId: string): Promise<void> {
    const device = await this.fleet.device(deviceId);
    if (device && profileOf(device.kind).selfService) await this.check(device.branchId);
  }

  /** Re-derives the branch's state and tells the lobby manager when it changed; one at a time per branch. */
  check(branchId: string): Promise<SelfServiceState | null> {
    return this.queue.run(branchId, async () => {
      try {
        return await this.evaluate(branchId);
      } catch (error) {
        this.logger.warn('self-service check failed', { branchId, error: (error as Error).message });
        return null;
      }
    });
  }

  /** A round skipped while the last one still runs (a manual clock may fire many at once). */
  private roundOnce(): Promise<void> {
    this.running ??= this.checkBehind().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Every branch whose derived state differs from the one told (from fleet's cached facts). */
  async checkBehind(): Promise<void> {
    try {
      const byBranch = new Map<string, FleetDevice[]>();
      for (const device of await this.fleet.devices()) {
        if (!profileOf(device.kind).selfService || device.decommissioned) continue;
        byBranch.set(device.branchId, [...(byBranch.get(device.branchId) ?? []), device]);
      }
      for (const [branchId, own] of byBranch) {
        const branch = await this.fleet.branch(branchId);
        if (branch && selfServiceState(own) !== branch.selfServiceState) await this.check(branchId);
      }
    } catch (error) {
      this.logger.warn('self-service round failed', { error: (error as Error).message });
    }
  }

  private async evaluate(branchId: string): Promise<SelfServiceState | null> {
    const branch = await this.fleet.branch(branchId);
    if (!branch) return null;
    const machines = (await this.fleet.activeDevices(branchId)).filter((d) => profileOf(d.kind).selfService);
    const state = selfServiceState(machines);
    if (state === null || state === branch.selfServiceState) return state;
    const now = this.clock.now();
    if (!branch.selfService24h && !branch.calendar.isOpen(now)) return state;
    const previous = branch.selfServiceState;
    // A conditional update: another instance (or a stale cache) that told them first wins.
    if (!(await this.branches.recordSelfServiceState(branchId, previous, state, now))) return state;
    this.logger.info('self-service state changed', { branchId, from: previous, to: state });
    // The first state of a branch is told only when it is bad news.
    if (previous !== null || state === 'unavailable') {
      const notice = selfServiceNotice(branch.name, state);
      await this.notifications.notify({
        branchId,
        roles: ['lobby-manager'],
        severity: SEVERITY[state],
        kind: 'self-service.changed',
        title: notice.title,
        text: notice.text,
        at: now,
        dedupeKey: `self-service:${branchId}:${now}:${state}`,
      });
    }
    this.events.emit('self-service.changed', { branchId, state, label: SELF_SERVICE_LABELS[state].zh, previous, since: new Date(now).toISOString() });
    return state;
  }
}

/** Whether a change could move what the machine can do (most changes are counts that move nothing). */
function capabilityMoved(previous: DeviceReading | null, current: DeviceReading): boolean {
  const can = (live: DeviceReading | null) => machineCapabilities({ live, settings: { takesDeposits: true } });
  const [before, after] = [can(previous), can(current)];
  return before.withdraw !== after.withdraw || before.deposit !== after.deposit;
}
