import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource, IsNull } from 'typeorm';
import type { SelfServiceState } from '@lobby/contracts';
import { BranchCalendar } from '@lobby/calendar';
import { BranchEntity, DeviceEntity, DevicesService, DeviceTwin, IngestService, SELF_SERVICE_LABELS, selfServiceNotice, selfServiceState } from '@lobby/fleet';
import { Clock, JsonLogger } from '@lobby/platform';
import type { Severity } from '../alerting.types';
import { LiveEventsService } from '../events/live-events.service';
import { NotificationsService } from '../notifications/notifications.service';
import { KeyedQueue } from '../util/keyed-queue';

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

  constructor(
    private readonly db: DataSource,
    private readonly ingest: IngestService,
    private readonly devices: DevicesService,
    private readonly twin: DeviceTwin,
    private readonly notifications: NotificationsService,
    private readonly events: LiveEventsService,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.ingest.deviceChanges$.subscribe(({ device }) => {
        if (device.kind === 'cash-dispenser') void this.check(device.branchId);
      }),
      this.devices.changed$.subscribe((id) => {
        const device = this.twin.get(id);
        if (device?.kind === 'cash-dispenser') void this.check(device.branchId);
      }),
    );
  }

  onModuleDestroy(): Promise<void> {
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
