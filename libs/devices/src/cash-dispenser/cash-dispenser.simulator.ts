import { randomBytes } from 'node:crypto';
import mqtt, { MqttClient } from 'mqtt';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { CashMachineModel } from './cash-machine.model';
import { XfsStatus, defaultXfsStatusTopic } from './xfs-status.schema';

export const CASH_DISPENSER_SIM_ACTIONS = [
  'dispense',
  'replenish',
  'paper-low',
  'paper-out',
  'paper-reload',
  'hardware-error',
  'clear',
  'safe-door-open',
  'safe-door-close',
  'shutter-jam',
  'silent',
  'resume',
  'bad-json',
] as const;
export type CashDispenserSimAction = (typeof CASH_DISPENSER_SIM_ACTIONS)[number];

export interface CashDispenserSimulatorOptions {
  url: string;
  deviceId: string;
  topic?: string;
  username?: string;
  password?: string;
  clock: Clock;
  logger?: JsonLogger;
  /** Full status at least this often (default 30 s; the contract asks for at least every 60 s). */
  heartbeatMs?: number;
  random?: () => number;
}

const CONNECT_TIMEOUT_MS = 10_000;
const AUTOPLAY_TICK_MS = 20_000;

/**
 * A cash dispenser's own monitoring client: publishes XFS-style status JSON to a broker (QoS 1),
 * the changed sections on every change and the full status on connect and every heartbeat.
 * Not a ByteSimulator: the agent hears it over MQTT, not over a serial line.
 */
export class CashDispenserSimulator {
  readonly topic: string;
  private readonly machine: CashMachineModel;
  private readonly logger: JsonLogger;
  private readonly random: () => number;
  private client?: MqttClient;
  private heartbeat?: TimerHandle;
  private autoplayTimer?: TimerHandle;
  private silent = false;

  constructor(private readonly options: CashDispenserSimulatorOptions) {
    this.topic = options.topic ?? defaultXfsStatusTopic(options.deviceId);
    this.machine = new CashMachineModel();
    this.logger = options.logger ?? new JsonLogger('cash-dispenser-sim', 'warn');
    this.random = options.random ?? Math.random;
  }

  /** What the machine would report now (for tests and logs). */
  get status(): XfsStatus {
    return this.machine.status();
  }

  /** Connects; resolves once the broker accepted the connection and the first status went out. */
  start(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      username: this.options.username,
      password: this.options.password,
      clientId: `xfs-sim-${this.options.deviceId}-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: 2000,
    });
    this.client = client;
    client.on('error', (error) => this.logger.warn('broker error', { error: error.message }));
    client.on('connect', () => this.publishAll());
    const heartbeatMs = Math.min(this.options.heartbeatMs ?? 30_000, 60_000);
    this.heartbeat = this.options.clock.setInterval(() => this.publishAll(), heartbeatMs);
    return new Promise((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        const host = new URL(this.options.url).host;
        this.stop(true).then(
          () => reject(new Error(`no connection to ${host} within ${CONNECT_TIMEOUT_MS} ms`)),
          reject,
        );
      }, CONNECT_TIMEOUT_MS);
      client.once('connect', () => {
        timer.cancel();
        resolve();
      });
    });
  }

  /** Ends the connection; `force` does not wait for unacknowledged publishes. */
  async stop(force = false): Promise<void> {
    this.heartbeat?.cancel();
    this.autoplayTimer?.cancel();
    await this.client?.endAsync(force);
  }

  apply(action: string): void {
    if (!isAction(action)) throw new Error(`unknown cash-dispenser action "${action}" (known: ${CASH_DISPENSER_SIM_ACTIONS.join(', ')})`);
    if (action === 'silent') {
      this.silent = true;
    } else if (action === 'resume') {
      this.silent = false;
      this.publishAll();
    } else if (action === 'bad-json') {
      this.send('{"common": {"device": "online"');
    } else {
      this.change(() => this.machine.apply(action));
    }
  }

  /** Demo life: customers withdraw cash every so often, receipts wear the paper down, and the
   *  lobby manager and the cash centre come round some minutes after paper or cash runs out. */
  autoplay(clock: Clock = this.options.clock): void {
    this.autoplayTimer?.cancel();
    this.autoplayTimer = clock.setInterval(() => this.change(() => this.machine.autoplayTick(this.random)), AUTOPLAY_TICK_MS);
  }

  private change(mutate: () => void): void {
    const before = this.machine.status();
    mutate();
    const after = this.machine.status();
    const changed = Object.fromEntries(
      Object.entries(after).filter(([section, value]) => JSON.stringify(value) !== JSON.stringify(before[section as keyof XfsStatus])),
    );
    if (Object.keys(changed).length > 0) this.send(JSON.stringify(changed));
  }

  private publishAll(): void {
    this.send(JSON.stringify(this.machine.status()));
  }

  private send(payload: string): void {
    if (this.silent || !this.client) return;
    this.client.publish(this.topic, payload, { qos: 1 }, (error) => {
      if (error) this.logger.warn('publish failed', { error: error.message });
    });
  }
}

function isAction(action: string): action is CashDispenserSimAction {
  return (CASH_DISPENSER_SIM_ACTIONS as readonly string[]).includes(action);
}
