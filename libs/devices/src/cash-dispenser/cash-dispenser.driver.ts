import { randomBytes } from 'node:crypto';
import mqtt, { MqttClient } from 'mqtt';
import { AgentDeviceConfig, CommandAction, DeviceReading, MqttTransport, parsePayload } from '@lobby/contracts';
import { JsonLogger, redactUrl, TimerHandle } from '@lobby/runtime';
import { CommandError, DeviceDriver, DriverContext } from '../core/device-driver';
import { mapXfsStatus, mergeXfsStatus } from './xfs-status.mapper';
import { XfsStatus, XfsStatusSchema, defaultXfsStatusTopic } from './xfs-status.schema';
import { DriverOutputs } from '../core/driver-outputs';

export const CASH_DISPENSER_DEFAULTS = {
  /** docs/protocols/cash-dispenser.md: the machine publishes at least every 60 s; 150 s of silence is a lost link. */
  silenceTimeoutMs: 150_000,
  reconnectPeriodMs: 2000,
  connectTimeoutMs: 10_000,
} as const;

const SUPPORTED: readonly CommandAction[] = ['status.refresh'];

/**
 * A cash dispenser (ATM / CRS) whose own monitoring client publishes XFS-style JSON to a broker
 * on the branch network (docs/protocols/cash-dispenser.md). The driver subscribes (QoS 1), folds each valid
 * message into the machine's accumulated status and emits the mapped reading. Bad payloads are
 * counted and logged; silence marks the link down until the next valid message.
 */
export class CashDispenserDriver extends DriverOutputs implements DeviceDriver {
  readonly kind = 'cash-dispenser' as const;
  readonly deviceId: string;
  private readonly logger: JsonLogger;
  private readonly topic: string;
  private readonly brokerLabel: string;
  private readonly silenceTimeoutMs: number;
  private client?: MqttClient;
  private silenceTimer?: TimerHandle;
  private status: XfsStatus = {};
  private heard = false;
  private linkUp = false;
  private brokerLost = false;
  private rejected = 0;
  private stopped = false;

  constructor(
    private readonly config: AgentDeviceConfig & { transport: MqttTransport },
    private readonly context: DriverContext,
  ) {
    super();
    this.deviceId = config.id;
    this.topic = config.transport.topic ?? defaultXfsStatusTopic(config.id);
    this.brokerLabel = redactUrl(config.transport.url);
    this.silenceTimeoutMs = config.settings?.silenceTimeoutMs ?? CASH_DISPENSER_DEFAULTS.silenceTimeoutMs;
    this.logger = context.logger.child('cash-dispenser', { deviceId: config.id, broker: this.brokerLabel, topic: this.topic });
  }

  /** Payloads rejected so far (not JSON, wrong types, oversize). */
  get rejectedCount(): number {
    return this.rejected;
  }

  async start(): Promise<void> {
    if (this.client || this.stopped) return;
    const { url, username, password } = this.config.transport;
    const client = mqtt.connect(url, {
      username,
      password,
      clientId: `lobby-agent-${this.deviceId}-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: CASH_DISPENSER_DEFAULTS.reconnectPeriodMs,
      reconnectOnConnackError: true, // the branch broker refusing us once must not end the link for good
      connectTimeout: CASH_DISPENSER_DEFAULTS.connectTimeoutMs,
    });
    this.client = client;
    client.on('connect', () => this.onConnect(client));
    client.on('close', () => this.onBrokerLost('connection closed'));
    client.on('error', (error) => this.logger.warn('branch broker error', { error: error.message }));
    client.on('message', (_topic, payload) => this.onMessage(payload));
    this.armSilenceTimer();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.silenceTimer?.cancel();
    await this.client?.endAsync(true).catch((error: Error) => this.logger.warn('closing the broker connection failed', { error: error.message }));
    this.completeOutputs();
  }

  supports(action: CommandAction): boolean {
    return SUPPORTED.includes(action);
  }

  /** `status.refresh` republishes the last reading: the machine cannot be asked, only heard. */
  async execute(action: CommandAction, _args?: Record<string, unknown>): Promise<void> {
    if (!this.supports(action)) throw new CommandError('unsupported', `cash dispenser does not support ${action}`);
    if (this.stopped) throw new CommandError('link-down', 'driver is not running');
    const reading = this.publish();
    if (reading.link === 'down') throw new CommandError('link-down', 'no status from the machine');
  }

  private onConnect(client: MqttClient): void {
    this.logger.info('connected to branch broker');
    if (this.brokerLost) {
      this.brokerLost = false;
      this.emitTransport({ type: 'replugged', path: this.brokerLabel });
    }
    // Clean sessions: subscribe again on every connect.
    client.subscribe(this.topic, { qos: 1 }, (error) => {
      if (error) this.logger.error('subscribe failed', { error: error.message });
    });
  }

  private onBrokerLost(reason: string): void {
    if (this.stopped || this.brokerLost) return;
    this.brokerLost = true;
    this.logger.warn('branch broker connection lost', { reason });
    this.emitTransport({ type: 'unplugged', path: this.brokerLabel, reason });
  }

  private onMessage(payload: Buffer): void {
    if (this.stopped) return;
    const parsed = parsePayload(XfsStatusSchema, payload);
    if (!parsed.ok) {
      this.rejected += 1;
      this.logger.warn('xfs status rejected', { reason: parsed.reason, message: parsed.message, rejected: this.rejected });
      return;
    }
    this.status = mergeXfsStatus(this.status, parsed.value);
    this.heard = true;
    if (!this.linkUp) this.logger.info('cash dispenser heard');
    this.linkUp = true;
    this.armSilenceTimer();
    this.publish();
  }

  private armSilenceTimer(): void {
    this.silenceTimer?.cancel();
    this.silenceTimer = this.context.clock.setTimeout(() => this.onSilence(), this.silenceTimeoutMs);
  }

  private onSilence(): void {
    if (this.stopped) return;
    this.logger.warn('cash dispenser silent', { silenceTimeoutMs: this.silenceTimeoutMs, heardBefore: this.heard });
    this.linkUp = false;
    this.publish();
  }

  /** The accumulated status as a reading; while silent the last known sections with link down. */
  private publish(): DeviceReading {
    const mapped = mapXfsStatus(this.status);
    const reading: DeviceReading = this.linkUp ? mapped : { ...mapped, link: 'down' };
    if (!this.stopped) this.emitReading(reading);
    return reading;
  }
}
