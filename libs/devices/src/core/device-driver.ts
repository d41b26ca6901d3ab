import { Observable } from 'rxjs';
import { AgentDeviceConfig, CommandAction, DeviceEventType, DeviceKind, DeviceReading } from '@lobby/contracts';
import { Clock, JsonLogger } from '@lobby/runtime';

/**
 * One device as the edge agent sees it. Device-specific words stop here: above a driver only
 * the normalized `DeviceReading` of docs/mqtt.md exists.
 */
export interface DeviceDriver {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  /** Every reading the driver takes (each poll or message), normalized. The agent publishes
   *  changes at once and the unchanged state as a heartbeat. `link: 'down'` when silent. */
  readonly readings$: Observable<DeviceReading>;
  /** Events only the driver can know (e.g. `ribbon.replaced` after a ribbon reset). Events that
   *  follow from two readings (paper out → ok) are derived by the agent, not here. */
  readonly events$: Observable<{ type: DeviceEventType; data: Record<string, unknown> }>;
  /** The link to the device's port: unplugged (port vanished or errored) and replugged. */
  readonly transport$: Observable<TransportEvent>;
  start(): Promise<void>;
  stop(): Promise<void>;
  supports(action: CommandAction): boolean;
  /** Runs a command on the device; rejects with a `CommandError` saying why it failed. */
  execute(action: CommandAction, args?: Record<string, unknown>): Promise<void>;
}

export type TransportEvent = { type: 'unplugged' | 'replugged'; path: string; reason?: string };

export class CommandError extends Error {
  constructor(
    readonly code: 'unsupported' | 'device-error' | 'timeout' | 'link-down',
    message: string,
  ) {
    super(message);
  }
}

/** What a driver factory gets besides the device's own config. */
export interface DriverContext {
  readonly clock: Clock;
  readonly logger: JsonLogger;
  /** Opens (or shares) serial ports: real paths and `sim:` paths alike. */
  readonly ports: SerialPortProvider;
}

/** Shared serial ports: several Modbus slaves on one RS-485 bus share one port and queue. */
export interface SerialPortProvider {
  acquire(path: string, baudRate: number): SharedSerialPort;
}

/** A serial port that reopens itself with backoff after it vanishes. */
export interface SharedSerialPort {
  readonly path: string;
  readonly isOpen: boolean;
  readonly data$: Observable<Buffer>;
  readonly transport$: Observable<TransportEvent>;
  write(bytes: Buffer): Promise<void>;
  /** Runs one request/response exchange at a time on this port (one bus, one talker). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  release(): Promise<void>;
}

/** One device kind: its driver factory and defaults. Registered in `device-registry.ts`. */
export interface DeviceModule {
  readonly kind: DeviceKind;
  readonly transportTypes: readonly AgentDeviceConfig['transport']['type'][];
  createDriver(config: AgentDeviceConfig, context: DriverContext): DeviceDriver;
  /** A simulator speaking this kind's bytes, for `sim:` paths (demo, tests). Kinds whose
   *  transport is not a byte stream (MQTT) leave it out. */
  createSimulator?(config: AgentDeviceConfig, clock: Clock): ByteSimulator;
}

/**
 * A simulated device speaking the exact wire bytes of its kind. Hosted on a `sim:` path in
 * process (see `sim-binding.ts`) or on a real pseudo-terminal by `apps/device-simulator`.
 * Several simulators on one path form a bus: each sees every byte the host writes (as on
 * RS-485) and answers only what is addressed to it.
 */
export interface ByteSimulator {
  /** Bytes the host wrote to the device. */
  receive(bytes: Buffer): void;
  /** Bytes the device sends to the host. */
  readonly output$: Observable<Buffer>;
  /** Scripted behaviour by name (`paper-near-end`, `cover-open`, `silent`, `garbage`, …). */
  apply(action: string): void;
  /** Starts autonomous behaviour for the demo (customers, wear); stop() ends it. */
  autoplay?(clock: Clock): void;
  stop(): void;
}
