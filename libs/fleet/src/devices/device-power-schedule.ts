import type { DeviceEntity } from '../entities/device.entity';

/**
 * Whether a device is expected on at an instant (branch hours plus the pre-opening window, or a
 * light box's own schedule). A port the alerting lib implements: a device that is silent while
 * its schedule says off is shown as `power-off` (CONTRACT.md §2), not as a lost device.
 */
export abstract class DevicePowerSchedule {
  abstract expectedOn(device: Pick<DeviceEntity, 'id' | 'branchId' | 'kind' | 'settings'>, at: number): Promise<boolean>;
}
