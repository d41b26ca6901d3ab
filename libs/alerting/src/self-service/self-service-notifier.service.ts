import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource, IsNull } from 'typeorm';
import type { DeviceReading, SelfServiceState } from '@lobby/contracts';
import { BranchCalendar } from '@lobby/calendar';
import { BranchEntity, BranchesService, CashMachine, DeviceEntity, DevicesService, DeviceTwin, IngestService, machineCapabilities, SELF_SERVICE_LABELS, selfServiceNotice, selfServiceState } from '@lobby/fleet';
import { Clock, JsonLogger, TimerHandle } from '@lobby/platform';
import type { Severity } from '../alerting.types';
import { LiveEventsService } from '../events/live-events.service';
import { NotificationsService } from '../notifications/notifications.service';
import { KeyedQueue } from '../util/keyed-queue';

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
  private readonly queue = new KeyedQueue();
  private readonly subscriptions: Subscription[] = [];
  private round?: TimerHandle;
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly ingest: IngestService,
    private readonly devices: DevicesService,
    private readonly branches: BranchesService,
    private readonly twin: DeviceTwin,
    private readonly notifications: NotificationsService,
    private readonly events: LiveEventsService,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.ingest.deviceChanges$.subscribe(({ device, previous, current }) => {
        if (device.kind === 'cash-dispenser' && capabilityMoved(previous, current)) void this.check(device.branchId);
      }),
      this.branches.changed$.subscribe((id) => void this.check(id)),
      this.devices.changed$.subscribe((id) => {
        const device = this.twin.get(id);
        if (device?.kind === 'cash-dispenser') void this.check(device.branchId);
      }),
    );
    // Opening hours begin without a device change: a round finds the branches whose told state is behind.
    this.round = this.clock.setInterval(() => void this.roundOnce(), ROUND_MS);
  }

  onModuleDestroy(): Promise<void> {
    this.round?.cancel();
    this.subscriptions.forEach((s) => s.unsubscribe());
    return this.queue.idle();
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

  /** Every branch whose derived state differs from the one told (two queries for the whole fleet). */
  async checkBehind(): Promise<void> {
    try {
      const machines = await this.db.getRepository(DeviceEntity).find({ select: { id: true, branchId: true, settings: true, live: true }, where: { kind: 'cash-dispenser', decommissioned: false } });
      const told = new Map((await this.db.getRepository(BranchEntity).find({ select: { id: true, selfServiceState: true } })).map((b) => [b.id, b.selfServiceState]));
      const byBranch = new Map<string, CashMachine[]>();
      for (const row of machines) byBranch.set(row.branchId, [...(byBranch.get(row.branchId) ?? []), { settings: row.settings, live: this.twin.get(row.id)?.live ?? row.live }]);
      for (const [branchId, own] of byBranch) if (told.has(branchId) && selfServiceState(own) !== told.get(branchId)) await this.check(branchId);
    } catch (error) {
      this.logger.warn('self-service round failed', { error: (error as Error).message });
    }
  }

  private async evaluate(branchId: string): Promise<SelfServiceState | null> {
    const branch = await this.db.getRepository(BranchEntity).findOneBy({ id: branchId });
    if (!branch) return null;
    const rows = await this.db.getRepository(DeviceEntity).find({
      select: { id: true, settings: true, live: true },
      where: { branchId, kind: 'cash-dispenser', decommissioned: false },
    });
    const state = selfServiceState(rows.map((row) => ({ settings: row.settings, live: this.twin.get(row.id)?.live ?? row.live })));
    if (state === null || state === branch.selfServiceState) return state;
    const now = this.clock.now();
    if (!branch.selfService24h && !new BranchCalendar(branch).isOpen(now)) return state;
    const previous = branch.selfServiceState;
    const update = await this.db
      .getRepository(BranchEntity)
      .update({ id: branchId, selfServiceState: previous === null ? IsNull() : previous }, { selfServiceState: state, selfServiceSince: now });
    if (!update.affected) return state; // another instance told them first
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
    await this.events.publish({
      type: 'self-service',
      branchId,
      data: { branchId, state, label: SELF_SERVICE_LABELS[state].zh, previous, since: new Date(now).toISOString() },
    });
    return state;
  }
}

/** Whether a change could move what the machine can do (most changes are counts that move nothing). */
function capabilityMoved(previous: DeviceReading | null, current: DeviceReading): boolean {
  const can = (live: DeviceReading | null) => machineCapabilities({ live, settings: { takesDeposits: true } });
  const [before, after] = [can(previous), can(current)];
  return before.withdraw !== after.withdraw || before.deposit !== after.deposit;
}
