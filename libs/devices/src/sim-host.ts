import { AgentDeviceConfig } from '@lobby/contracts';
import { Clock } from '@lobby/runtime';
import { ByteSimulator } from './core/device-driver';
import { SimulatorHub, defaultSimulatorHub, isSimPath } from './core/simulator-hub';
import { deviceModuleFor } from './device-registry';

export interface HostedSimulators {
  /** By device id. */
  readonly simulators: ReadonlyMap<string, ByteSimulator>;
  /** Detaches and stops every simulator. */
  stop(): void;
}

/**
 * Puts a simulator behind every device whose serial or Modbus path starts with `sim:` (demo,
 * tests), on the hub that `SerialPorts` opens those paths through. Devices on one path share
 * the bus, as light boxes on one RS-485 line do. Kinds with no simulator are skipped.
 */
export function hostSimulators(
  devices: readonly AgentDeviceConfig[],
  { clock, hub = defaultSimulatorHub, autoplay = true }: { clock: Clock; hub?: SimulatorHub; autoplay?: boolean },
): HostedSimulators {
  const hosted: { path: string; id: string; simulator: ByteSimulator }[] = [];
  for (const device of devices) {
    const transport = device.transport;
    if (transport.type === 'mqtt' || !isSimPath(transport.path)) continue;
    const simulator = deviceModuleFor(device.kind).createSimulator?.(device, clock);
    if (!simulator) continue;
    hub.attach(transport.path, simulator);
    if (autoplay) simulator.autoplay?.(clock);
    hosted.push({ path: transport.path, id: device.id, simulator });
  }
  return {
    simulators: new Map(hosted.map(({ id, simulator }) => [id, simulator])),
    stop: () => {
      for (const { path, simulator } of hosted) {
        hub.detach(path, simulator);
        simulator.stop();
      }
    },
  };
}
