import { DeviceKind } from '@lobby/contracts';
import { DEVICE_MODULES, DeviceModule } from '@lobby/devices';

/** The device kinds this agent can drive: one module per kind (driver factory, simulator). */
export type DeviceModules = Partial<Record<DeviceKind, DeviceModule>>;

/** Every kind in `@lobby/devices`. */
export function defaultDeviceModules(): DeviceModules {
  return DEVICE_MODULES;
}
