import { Inject, Injectable } from '@nestjs/common';
import { DevicePowerSchedule, FleetFacts, ScheduledDevice } from '@lobby/fleet';
import { AlertingConfig, AlertingConfigToken } from '../rules/alerting-config';
import { DeviceSchedule } from './device-schedule';

/**
 * The device schedule the alert rules use, offered to the device views: a device silent while
 * its schedule says off is shown as `power-off`. Branch calendars are fleet's facts.
 */
@Injectable()
export class DevicePowerScheduleService extends DevicePowerSchedule {
  private readonly schedule: DeviceSchedule;

  constructor(
    @Inject(AlertingConfigToken) config: AlertingConfig,
    private readonly facts: FleetFacts,
  ) {
    super();
    this.schedule = new DeviceSchedule(config);
  }

  async expectedOn(device: ScheduledDevice, at: number): Promise<boolean> {
    const branch = await this.facts.branch(device.branchId);
    return branch ? this.schedule.expectedOn(device.kind, device.settings ?? {}, branch, at) : true;
  }
}
