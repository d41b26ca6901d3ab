import { AgentDeviceConfig, DeviceReading } from '@lobby/contracts';
import { eventuallyFound, JsonLogger, SystemClock } from '@lobby/runtime';
import { ByteSimulator, DeviceDriver, DeviceModule, DriverContext, TransportEvent } from '../core/device-driver';
import { SerialPorts } from '../core/serial-port-provider';
import { SimulatorHub } from '../core/simulator-hub';

/**
 * A driver wired to its simulator through a real `sim:` serial port, on a private hub and the
 * system clock, recording everything the driver emits. For medium-sized driver tests.
 */
export class DriverHarness {
  readonly hub = new SimulatorHub();
  readonly clock = new SystemClock();
  readonly ports: SerialPorts;
  readonly driver: DeviceDriver;
  readonly simulator: ByteSimulator;
  readonly readings: DeviceReading[] = [];
  readonly events: { type: string; data: Record<string, unknown> }[] = [];
  readonly transport: TransportEvent[] = [];

  constructor(module: DeviceModule, readonly config: AgentDeviceConfig) {
    const logger = new JsonLogger('test', 'error');
    this.ports = new SerialPorts({ clock: this.clock, logger, hub: this.hub, backoff: { initialMs: 20, maxMs: 200 } });
    const context: DriverContext = { clock: this.clock, logger, ports: this.ports };
    this.simulator = module.createSimulator!(config, this.clock);
    if (config.transport.type !== 'serial') throw new TypeError('DriverHarness drives serial devices');
    this.hub.attach(config.transport.path, this.simulator);
    this.driver = module.createDriver(config, context);
    this.driver.readings$.subscribe((reading) => this.readings.push(reading));
    this.driver.events$.subscribe((event) => this.events.push(event));
    this.driver.transport$.subscribe((event) => this.transport.push(event));
  }

  get path(): string {
    return this.config.transport.type === 'serial' ? this.config.transport.path : '';
  }

  async start(): Promise<this> {
    await this.driver.start();
    return this;
  }

  async stop(): Promise<void> {
    await this.driver.stop();
    this.simulator.stop();
    await this.ports.closeAll();
  }

  /** Waits for a reading taken after this call that satisfies `match`. */
  async nextReading(match: (reading: DeviceReading) => boolean, timeoutMs = 3000, what = 'a matching reading'): Promise<DeviceReading> {
    const from = this.readings.length;
    return eventuallyFound(() => this.readings.slice(from).find(match), { timeoutMs, what });
  }
}
