import { Subscription } from 'rxjs';
import { AgentDeviceConfig, CommandAction, DeviceKind, DeviceReading, SerialTransport } from '@lobby/contracts';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { ByteReader } from './byte-reader';
import { CommandError, DeviceDriver, DriverContext, SerialPortProvider, SharedSerialPort, TransportEvent } from './device-driver';
import { DEFAULT_BAUD_RATE } from './serial-port-provider';
import { DriverOutputs } from './driver-outputs';

export type SerialDeviceConfig = AgentDeviceConfig & { transport: SerialTransport };

/** How often a poll rechecks a port that is still opening. */
const OPEN_RECHECK_MS = 10;

/** Narrows a config to the serial transport, or says plainly why it cannot drive it. */
export function serialConfig(config: AgentDeviceConfig): SerialDeviceConfig {
  if (config.transport.type !== 'serial') {
    throw new TypeError(`${config.kind} ${config.id} needs a serial transport, not ${config.transport.type}`);
  }
  return { ...config, transport: config.transport };
}

/** The port and its buffered input, handed to a driver's exchanges while it holds the bus. */
export interface Line {
  readonly port: SharedSerialPort;
  readonly reader: ByteReader;
}

/**
 * What every polled serial driver shares: acquiring the port, one reader on its input, a poll
 * loop on the injected clock that never overlaps itself, and the three output streams. A
 * subclass writes only its exchanges (`pollOnce`) and its commands. A poll that throws is a
 * bug to log, never a crash: the loop keeps running.
 */
export abstract class SerialPollingDriver extends DriverOutputs implements DeviceDriver {
  abstract readonly kind: DeviceKind;
  protected readonly clock: Clock;
  private readonly ports: SerialPortProvider;
  protected readonly logger: JsonLogger;
  protected lastReading?: DeviceReading;
  private line?: Line;
  private subscription?: Subscription;
  private timer?: TimerHandle;
  private running = false;
  /** The port reported unplugged and has not come back (a failed first open included). */
  private portLost = false;
  private chain: Promise<unknown> = Promise.resolve();


  protected constructor(
    protected readonly config: SerialDeviceConfig,
    context: DriverContext,
    private readonly pollIntervalMs: number,
  ) {
    super();
    this.ports = context.ports;
    this.clock = context.clock;
    this.logger = context.logger.child('device', { deviceId: config.id, kind: config.kind });
  }

  get deviceId(): string {
    return this.config.id;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const port = this.ports.acquire(this.config.transport.path, this.config.transport.baudRate ?? DEFAULT_BAUD_RATE);
    this.line = { port, reader: new ByteReader(port.data$, this.clock) };
    this.subscription = port.transport$.subscribe((event) => this.onTransport(event));
    this.running = true;
    this.arm(0);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.timer?.cancel();
    await this.chain.catch(() => undefined);
    this.subscription?.unsubscribe();
    const line = this.line;
    this.line = undefined;
    line?.reader.close();
    await line?.port.release();
    this.completeOutputs();
  }

  abstract supports(action: CommandAction): boolean;
  abstract execute(action: CommandAction, args?: Record<string, unknown>): Promise<void>;

  /** One poll's exchanges, run while this driver holds the bus. Must not throw for bad bytes. */
  protected abstract pollOnce(line: Line): Promise<DeviceReading>;

  /** Polls now (queued behind a poll in flight), publishes and returns the reading. */
  protected pollNow(): Promise<DeviceReading> {
    const run = this.chain.then(() => this.pollAndPublish());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Runs a command's exchange while holding the bus; rejects `link-down` when not started. */
  protected withLine<T>(work: (line: Line) => Promise<T>): Promise<T> {
    const line = this.line;
    if (!this.running || !line) return Promise.reject(new CommandError('link-down', `${this.deviceId} is not started`));
    return line.port.exclusive(() => work(line));
  }

  /** `status.refresh`: poll now; a device that does not answer fails the command. */
  protected async refresh(): Promise<void> {
    const reading = await this.pollNow();
    if (reading.link === 'down') throw new CommandError('link-down', `${this.deviceId} does not answer`);
  }

  protected publish(reading: DeviceReading): void {
    if (this.lastReading?.link !== reading.link) {
      this.logger.info(reading.link === 'up' ? 'device answers' : 'device silent', { state: reading.state });
    }
    this.lastReading = reading;
    this.emitReading(reading);
  }

  private async pollAndPublish(): Promise<DeviceReading> {
    this.timer?.cancel();
    try {
      await this.untilFirstOpen();
      const reading = await this.withLine((line) => this.pollOnce(line));
      if (this.running) this.publish(reading);
      return reading;
    } finally {
      this.arm(this.pollIntervalMs);
    }
  }

  private arm(delayMs: number): void {
    if (!this.running) return;
    this.timer?.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.pollNow().catch((error: unknown) => this.logger.error('poll failed', { error }));
    }, delayMs);
  }

  /**
   * Right after start the port is still opening: a poll then would find it "not open" and report
   * a device that was never asked as silent — a false `link: down` at every agent start. So a
   * poll waits for the first open (at most one poll period); a failed open comes as `unplugged`.
   */
  private async untilFirstOpen(): Promise<void> {
    const deadline = this.clock.now() + this.pollIntervalMs;
    while (this.running && this.line && !this.line.port.isOpen && !this.portLost && this.clock.now() < deadline) {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, OPEN_RECHECK_MS));
    }
  }

  /** A vanished port is news at once: poll now so the reading says so without waiting a period. */
  private onTransport(event: TransportEvent): void {
    this.portLost = event.type === 'unplugged';
    this.emitTransport(event);
    if (this.running) this.arm(0);
  }
}
