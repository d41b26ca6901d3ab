import { Subscription } from 'rxjs';
import { AgentDeviceConfig, CommandAction, DeviceReading, ModbusTransport } from '@lobby/contracts';
import { JsonLogger, TimerHandle } from '@lobby/runtime';
import { CommandError, DeviceDriver, DriverContext, SharedSerialPort, TransportEvent } from '../core/device-driver';
import { DEFAULT_LAMP_CURRENT_THRESHOLD_MA, LightBoxPoll, toLightBoxReading } from './light-box.mapper';
import { ModbusOutcome, ModbusRtuClient } from './modbus-rtu.client';
import { ModbusFunction, readCoilsRequest, readInputRegistersRequest, writeSingleCoilRequest } from './modbus-rtu.codec';
import { DriverOutputs } from '../core/driver-outputs';

export const LIGHT_BOX_DEFAULTS = {
  baudRate: 9600,
  pollIntervalMs: 2000,
  timeoutMs: 300,
  retries: 1,
  lampCurrentThresholdMa: DEFAULT_LAMP_CURRENT_THRESHOLD_MA,
} as const;

const LAMP_COIL = 0;
const CURRENT_REGISTER = 0;
const SUPPORTED: readonly CommandAction[] = ['status.refresh', 'lamp.on', 'lamp.off'];

/**
 * One light box: a Modbus RTU slave (relay coil 0, current and voltage input registers 0..1) on
 * a bus it may share with other light boxes (docs/protocols/light-box.md). Polls coil then registers; a
 * lamp command writes the coil and polls again so the new state is published at once.
 */
export class LightBoxDriver extends DriverOutputs implements DeviceDriver {
  readonly kind = 'light-box' as const;
  readonly deviceId: string;
  private readonly logger: JsonLogger;
  private readonly pollIntervalMs: number;
  private readonly thresholdMa: number;
  private port?: SharedSerialPort;
  private client?: ModbusRtuClient;
  private pollTimer?: TimerHandle;
  private transportSubscription?: Subscription;
  private pollChain: Promise<unknown> = Promise.resolve();
  private pollsPending = 0;
  private portLost = false;
  private last?: DeviceReading;
  private stopped = false;

  constructor(
    private readonly config: AgentDeviceConfig & { transport: ModbusTransport },
    private readonly context: DriverContext,
  ) {
    super();
    this.deviceId = config.id;
    this.logger = context.logger.child('light-box', { deviceId: config.id, unitId: config.transport.unitId });
    this.pollIntervalMs = config.settings?.pollIntervalMs ?? LIGHT_BOX_DEFAULTS.pollIntervalMs;
    this.thresholdMa = config.settings?.lampCurrentThresholdMa ?? LIGHT_BOX_DEFAULTS.lampCurrentThresholdMa;
  }

  async start(): Promise<void> {
    if (this.port) return;
    const { path, baudRate, unitId } = this.config.transport;
    const port = this.context.ports.acquire(path, baudRate ?? LIGHT_BOX_DEFAULTS.baudRate);
    this.port = port;
    this.client = new ModbusRtuClient(port, unitId, this.context.clock, {
      timeoutMs: this.config.settings?.timeoutMs ?? LIGHT_BOX_DEFAULTS.timeoutMs,
      retries: LIGHT_BOX_DEFAULTS.retries,
    });
    this.transportSubscription = port.transport$.subscribe((event) => this.onTransport(event));
    this.pollTimer = this.context.clock.setInterval(() => this.onTick(), this.pollIntervalMs);
    void this.refresh();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.pollTimer?.cancel();
    this.transportSubscription?.unsubscribe();
    await this.pollChain;
    this.client?.close();
    await this.port?.release();
    this.completeOutputs();
  }

  supports(action: CommandAction): boolean {
    return SUPPORTED.includes(action);
  }

  async execute(action: CommandAction, _args?: Record<string, unknown>): Promise<void> {
    if (!this.supports(action)) throw new CommandError('unsupported', `light box does not support ${action}`);
    if (!this.client || this.stopped) throw new CommandError('link-down', 'driver is not running');
    if (action === 'lamp.on' || action === 'lamp.off') {
      try {
        await this.switchLamp(this.client, action === 'lamp.on');
      } finally {
        await this.refresh();
      }
      return;
    }
    const reading = await this.refresh();
    if (!reading || reading.link === 'down') throw new CommandError('link-down', 'light box did not answer');
  }

  /** Polls once after any poll already queued, publishes the reading and returns it. */
  private refresh(): Promise<DeviceReading | undefined> {
    this.pollsPending += 1;
    const next = this.pollChain.then(() => this.pollAndPublish()).finally(() => (this.pollsPending -= 1));
    this.pollChain = next;
    return next;
  }

  private onTick(): void {
    // A slow bus must not pile up polls: skip the tick while one is still queued.
    if (this.pollsPending === 0) void this.refresh();
  }

  private async pollAndPublish(): Promise<DeviceReading | undefined> {
    if (this.stopped || !this.client) return undefined;
    try {
      const outcome = await this.poll(this.client);
      // A port still opening at start-up is not a lost device; one that was unplugged is.
      if (outcome === 'port-not-open') return this.portLost ? this.publish({ type: 'silent' }) : undefined;
      return this.publish(outcome);
    } catch (error) {
      this.logger.error('light-box poll failed', { error });
      return undefined;
    }
  }

  private async poll(client: ModbusRtuClient): Promise<LightBoxPoll | 'port-not-open'> {
    const coil = await client.request(readCoilsRequest(this.config.transport.unitId, LAMP_COIL, 1), ModbusFunction.readCoils);
    if (coil.type !== 'reply' || coil.response.type !== 'coils') return this.failedPoll(coil);
    const registers = await client.request(
      readInputRegistersRequest(this.config.transport.unitId, CURRENT_REGISTER, 2),
      ModbusFunction.readInputRegisters,
    );
    if (registers.type !== 'reply' || registers.response.type !== 'registers') return this.failedPoll(registers);
    const [currentMa, supplyDeciVolts] = registers.response.values;
    if (currentMa === undefined || supplyDeciVolts === undefined) {
      return { type: 'protocol-error', detail: `expected 2 registers, got ${registers.response.values.length}` };
    }
    return { type: 'sample', switchedOn: coil.response.bits[0] === true, currentMa, supplyDeciVolts };
  }

  private failedPoll(outcome: ModbusOutcome): LightBoxPoll | 'port-not-open' {
    switch (outcome.type) {
      case 'port-closed':
        return 'port-not-open';
      case 'timeout':
        return { type: 'silent' };
      case 'exception':
        return { type: 'protocol-error', detail: `exception ${outcome.exceptionCode} to function ${outcome.functionCode}` };
      case 'garbled':
        return { type: 'protocol-error', detail: `${outcome.bytes} bytes that are no valid reply` };
      case 'reply':
        return { type: 'protocol-error', detail: `unexpected reply ${outcome.response.type}` };
    }
  }

  private publish(poll: LightBoxPoll): DeviceReading | undefined {
    if (this.stopped) return undefined;
    const reading = toLightBoxReading(poll, this.last, this.thresholdMa);
    this.logTransition(poll, reading);
    this.last = reading;
    this.emitReading(reading);
    return reading;
  }

  private logTransition(poll: LightBoxPoll, reading: DeviceReading): void {
    if (reading.link !== this.last?.link) this.logger.info(`light box link ${reading.link}`);
    if (poll.type === 'protocol-error') this.logger.warn('light box protocol error', { detail: poll.detail });
    if (poll.type === 'sample') this.logger.debug('light box sample', { ...poll });
  }

  private async switchLamp(client: ModbusRtuClient, on: boolean): Promise<void> {
    const unitId = this.config.transport.unitId;
    const outcome = await client.request(writeSingleCoilRequest(unitId, LAMP_COIL, on), ModbusFunction.writeSingleCoil);
    switch (outcome.type) {
      case 'reply':
        if (outcome.response.type === 'coil-written' && outcome.response.on === on) return;
        throw new CommandError('device-error', 'light box echoed another coil value');
      case 'exception':
        throw new CommandError('device-error', `light box refused: Modbus exception ${outcome.exceptionCode}`);
      case 'garbled':
        throw new CommandError('device-error', 'light box reply was garbled');
      case 'timeout':
        throw new CommandError('timeout', 'light box did not answer');
      case 'port-closed':
        throw new CommandError('link-down', outcome.reason);
    }
  }

  private onTransport(event: TransportEvent): void {
    this.emitTransport(event);
    this.portLost = event.type === 'unplugged';
    if (event.type === 'unplugged') this.publish({ type: 'silent' });
    else void this.refresh();
  }
}
