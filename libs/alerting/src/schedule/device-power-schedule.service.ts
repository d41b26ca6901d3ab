import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import type { DeviceEntity } from '@lobby/fleet';
import { BranchEntity, BranchesService, DevicePowerSchedule } from '@lobby/fleet';
import { BranchCalendar } from '@lobby/calendar';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { BranchContext, DeviceSchedule } from './device-schedule';

/**
 * The device schedule the alert rules use, offered to the device views: a device silent while
 * its schedule says off is shown as `power-off`. Branch calendars are cached and dropped when a
 * branch changes.
 */
@Injectable()
export class DevicePowerScheduleService extends DevicePowerSchedule implements OnModuleDestroy {
  private readonly schedule: DeviceSchedule;
  private readonly branches = new Map<string, BranchContext | null>();
  private readonly subscription: Subscription;

  constructor(
    @Inject(AlertingConfigToken) config: AlertingConfig,
    private readonly db: DataSource,
    branchesService: BranchesService,
  ) {
    super();
    this.schedule = new DeviceSchedule(config);
    this.subscription = branchesService.changed$.subscribe((id) => this.branches.delete(id));
  }

  async expectedOn(device: Pick<DeviceEntity, 'branchId' | 'kind' | 'settings'>, at: number): Promise<boolean> {
    const branch = await this.branch(device.branchId);
    return branch ? this.schedule.expectedOn(device.kind, device.settings ?? {}, branch, at) : true;
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  private async branch(id: string): Promise<BranchContext | null> {
    if (this.branches.has(id)) return this.branches.get(id)!;
    const row = await this.db.getRepository(BranchEntity).findOneBy({ id });
    const context = row ? { id, calendar: new BranchCalendar(row), location: row.location, selfService24h: row.selfService24h } : null;
    this.branches.set(id, context);
    return context;
  }
}
