import type { DeviceKind, DeviceSettings } from '@lobby/contracts';

/** What a device's power schedule depends on about the device. */
export interface ScheduledDevice {
  branchId: string;
  kind: DeviceKind;
  settings: DeviceSettings | null;
}

/**
 * Whether a device is expected on at an instant (branch hours plus the pre-opening window, or a
 * light box's own schedule). A port the alerting lib implements: a device that is silent while
 * its schedule says off is shown as `power-off` (docs/mqtt.md), not as a lost device.
 */
export abstract class DevicePowerSchedule {
  abstract expectedOn(device: ScheduledDevice, at: number): Promise<boolean>;
}
