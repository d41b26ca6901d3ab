import { Observable, Subject, Subscription } from 'rxjs';
import {
  AgentConfig,
  AgentEventType,
  AgentSubscriptions,
  DeviceKind,
  parseTopic,
  Topics,
} from '@lobby/contracts';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { CentralStateTracker } from './central-state';
import { IncomingMessage, MqttLink } from './mqtt/mqtt-link';
import { DiskBuffer } from './outbox/disk-buffer';
import { OutboxMessage } from './outbox/outbox-message';
import { OutboxSender } from './outbox/outbox-sender';
import { SequenceStore } from './sequence.store';
import { withTimeout } from './util/with-timeout';

export interface PublisherOptions {
  config: AgentConfig;
  clock: Clock;
  logger: JsonLogger;
  buffer: DiskBuffer;
  sequence: SequenceStore;
  agentVersion: string;
  /** The birth's device list: id, kind and, where configured, name and location. */
  devices: { id: string; kind: DeviceKind; name?: string; location?: string }[];
  /** How long to wait for the retained central state before assuming the centre listens. */
  centralStateGraceMs?: number;
  reconnectPeriodMs?: number;
  keepaliveS?: number;
}

export interface PublisherStats {
  connected: boolean;
  /** Link up and the centre listening: messages flow instead of waiting in the buffer. */
  flowing: boolean;
  statusesSent: number;
  messagesSent: number;
  buffered: number;
  dropped: number;
  invalidCentralStates: number;
}

/** A command as it arrived: the device from its topic, the payload unparsed. */
export interface IncomingCommand {
  deviceId: string;
  payload: Buffer;
}

/**
 * The agent's side of docs/mqtt.md: one connection to the centre, the birth and will, and the
 * in-order sender for everything that carries a seq. Whether the centre listens (and the clock
 * skew) is `CentralStateTracker`'s; while it does not, everything waits in the disk buffer.
 */
export class Publisher {
  private readonly link: MqttLink;
  private readonly sender: OutboxSender;
  private readonly commandsSubject = new Subject<IncomingCommand>();
  private readonly caughtUpSubject = new Subject<void>();
  private readonly subscriptions: Subscription[] = [];
  private readonly central: CentralStateTracker;
  private retryTimer?: TimerHandle;
  private dropReportTimer?: TimerHandle;
  private statusesSent = 0;
  /** Command results produced while the link was down: sent on the next connect. */
  private readonly unsentResults: { topic: string; payload: string }[] = [];

  /** Commands for this branch's devices. */
  readonly commands$: Observable<IncomingCommand> = this.commandsSubject.asObservable();
  /** The backlog is sent: the agent publishes a fresh live status for every device. */
  readonly caughtUp$: Observable<void> = this.caughtUpSubject.asObservable();

  constructor(private readonly options: PublisherOptions) {
    const { config, logger } = options;
    this.link = new MqttLink(
      {
        url: config.mqtt.url,
        username: config.mqtt.username,
        password: config.mqtt.password,
        clientId: `agent-${config.branch}`,
        will: { topic: Topics.agentState(config.branch), payload: JSON.stringify({ online: false }), qos: 1, retain: true },
        keepaliveS: options.keepaliveS,
        reconnectPeriodMs: options.reconnectPeriodMs,
      },
      logger.child('mqtt-link'),
    );
    this.sender = new OutboxSender(options.buffer, (message, payload) => this.sendBuffered(message, payload), logger.child('outbox'), {
      onCaughtUp: () => this.caughtUpSubject.next(),
      onStalled: () => this.scheduleRetry(),
    });
    this.central = new CentralStateTracker({
      clock: options.clock,
      logger,
      graceMs: options.centralStateGraceMs,
      isConnected: () => this.link.connected,
      onChange: () => this.evaluate(),
    });
  }

  get clockSkewMs(): number {
    return this.central.clockSkewMs;
  }
  get connected(): boolean {
    return this.link.connected;
  }
  /** True while the link is up and the centre listens (messages flow instead of waiting). */
  get flowing(): boolean {
    return this.sender.state !== 'paused';
  }

  stats(): PublisherStats {
    const { buffer } = this.options;
    return {
      connected: this.link.connected,
      flowing: this.flowing,
      statusesSent: this.statusesSent,
      messagesSent: this.sender.sent,
      buffered: buffer.queued,
      dropped: buffer.dropped,
      invalidCentralStates: this.central.invalidStates,
    };
  }

  start(): void {
    this.subscriptions.push(
      this.link.connected$.subscribe((up) => this.guard(() => (up ? this.onConnected() : this.onDisconnected()))),
      this.link.messages$.subscribe((message) => this.guard(() => this.onMessage(message))),
    );
    this.link.start();
  }

  /**
   * Queues a seq-bearing message (status, device event, agent event) durably and returns its
   * seq. `markHistorical` payloads get `historical` set when they are sent.
   */
  enqueue(topic: string, body: Record<string, unknown>, markHistorical: boolean): number {
    const seq = this.options.sequence.next();
    const message: OutboxMessage = { topic, payload: JSON.stringify({ seq, ...body }), qos: 1 };
    if (markHistorical) message.markHistorical = true;
    this.options.buffer.append(message);
    this.sender.notify();
    return seq;
  }

  agentEvent(type: AgentEventType, data: Record<string, unknown>): number {
    return this.enqueue(Topics.agentEvent(this.options.config.branch), { ts: this.options.clock.isoNow(), type, data }, false);
  }

  /** Health is current-only: sent while the centre listens, never buffered. */
  publishHealth(body: (seq: number) => Record<string, unknown>): void {
    if (!this.flowing) return;
    const payload = JSON.stringify(body(this.options.sequence.next()));
    this.link.publish(Topics.agentHealth(this.options.config.branch), payload, { qos: 1 }).catch((error: unknown) => {
      this.options.logger.debug('health not sent', { error: (error as Error).message });
    });
  }

  /** Command results carry no seq; one produced while the link is down waits in memory. */
  publishResult(topic: string, payload: string): void {
    this.link.publish(topic, payload, { qos: 1 }).catch(() => {
      if (this.unsentResults.length >= 200) this.unsentResults.shift();
      this.unsentResults.push({ topic, payload });
    });
  }

  /** A buffer drop is announced once the centre can hear it (and at most once a second). */
  noteDrops(): void {
    if (this.dropReportTimer || !this.flowing) return;
    this.dropReportTimer = this.options.clock.setTimeout(() => {
      this.dropReportTimer = undefined;
      if (this.flowing) this.reportDrops();
    }, 1000);
  }

  /** Clean shutdown: announce offline (retained), keep the buffer, disconnect. */
  async stop(): Promise<void> {
    this.cancelTimers();
    this.sender.finish();
    if (this.link.connected) {
      const topic = Topics.agentState(this.options.config.branch);
      await withTimeout(this.link.publish(topic, JSON.stringify({ online: false }), { qos: 1, retain: true }), 3000).catch(
        (error: unknown) => this.options.logger.warn('offline state not sent', { error: (error as Error).message }),
      );
    }
    await this.link.end(false);
    this.options.buffer.close();
    this.closeStreams();
  }

  /** Stops at once as a crash would: no offline state, no buffer flush (tests). */
  async abort(): Promise<void> {
    this.cancelTimers();
    this.sender.pause();
    this.options.buffer.abandon();
    await this.link.end(true);
    this.closeStreams();
  }

  private onConnected(): void {
    const { config, clock, sequence } = this.options;
    this.central.connected();
    const birth = {
      online: true,
      seq: sequence.next(),
      bootId: sequence.bootId,
      ts: clock.isoNow(),
      agentVersion: this.options.agentVersion,
      devices: this.options.devices,
    };
    this.link.publish(Topics.agentState(config.branch), JSON.stringify(birth), { qos: 1, retain: true }).catch((error: unknown) => {
      this.options.logger.warn('birth not sent', { error: (error as Error).message });
    });
    this.link
      .subscribe([CentralStateTracker.subscription, AgentSubscriptions.commands(config.branch)])
      .then(() => this.central.startGrace())
      .catch((error: unknown) => this.options.logger.warn('subscribe failed', { error: (error as Error).message }));
    for (const result of this.unsentResults.splice(0)) this.publishResult(result.topic, result.payload);
  }

  private onDisconnected(): void {
    this.central.disconnected();
    this.sender.pause();
  }

  private onMessage(message: IncomingMessage): void {
    const parsed = parseTopic(message.topic);
    if (parsed?.type === 'central-state') return this.central.heard(message);
    if (parsed?.type === 'device-cmd' && parsed.branchId === this.options.config.branch) {
      this.commandsSubject.next({ deviceId: parsed.deviceId, payload: message.payload });
      return;
    }
    this.options.logger.debug('ignored message', { topic: message.topic });
  }

  /** Messages flow exactly while the link is up and the centre listens. */
  private evaluate(): void {
    if (this.link.connected && this.central.listening) {
      if (this.sender.state === 'paused') {
        this.sender.resume();
        // After resume: should the report itself push out an entry, that drop is seen as flowing.
        this.reportDrops();
      }
    } else {
      this.sender.pause();
    }
  }

  private scheduleRetry(): void {
    this.retryTimer?.cancel();
    this.retryTimer = this.options.clock.setTimeout(() => this.evaluate(), 1000);
  }

  private reportDrops(): void {
    const count = this.options.buffer.takeUnreportedDrops();
    if (count > 0) this.agentEvent('buffer.dropped', { count, total: this.options.buffer.dropped });
  }

  private async sendBuffered(message: OutboxMessage, payload: string): Promise<void> {
    await this.link.publish(message.topic, payload, { qos: message.qos, retain: message.retain });
    if (parseTopic(message.topic)?.type === 'device-status') this.statusesSent++;
  }

  /** Nothing the broker sends, and no disk error on the way, may escape into the event loop. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.logger.error('mqtt handler failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private cancelTimers(): void {
    this.central.stop();
    this.retryTimer?.cancel();
    this.dropReportTimer?.cancel();
  }

  private closeStreams(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.commandsSubject.complete();
    this.caughtUpSubject.complete();
  }
}
