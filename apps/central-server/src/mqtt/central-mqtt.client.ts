import mqtt, { MqttClient } from 'mqtt';
import { CentralState, CentralSubscriptions, sharedSubscription, Topics } from '@lobby/contracts';
import { MqttPublisher } from '@lobby/fleet';
import { Clock, JsonLogger, redactUrl, TimerHandle } from '@lobby/platform';
import { CENTRAL_BROKER_USERNAME } from './embedded-broker';

/** Handles one message; the promise settles once it is stored (then it is acknowledged). */
export type MessageHandler = (topic: string, payload: Buffer) => Promise<unknown> | void;

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

export interface CentralMqttOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** A persistent session (messages queue at the broker while the server restarts). */
  persistentSession: boolean;
  /** An external broker (`MQTT_URL`), not the embedded one in this process. */
  external?: boolean;
  shareGroup?: string;
  /** How often the retained `central/state` is refreshed (agents measure clock skew from it). */
  stateIntervalMs?: number;
  /** At most this many received messages wait to be stored; reading the connection pauses meanwhile. */
  maxInProcess?: number;
  /** MQTT keepalive (default 15 s; tests shorten it). */
  keepaliveSeconds?: number;
}

/**
 * Messages in process at most (`maxInProcess`): the broker's in-flight window should bound them,
 * but Mosquitto 2.0 sends a persistent session far more than its window when it reconnects, and
 * a server that takes everything runs out of memory (docs/benchmarks.md, "Replay").
 */
export const MAX_IN_PROCESS = 5_000;

/**
 * The central server's MQTT connection (embedded broker or an external one): publishes the
 * retained `lobby/v1/central/state` with a will, subscribes to what the agents send and hands
 * each message to the ingest. Births are subscribed without `$share/` on purpose: they are
 * retained, and brokers do not deliver retained messages to shared subscriptions.
 */
export class CentralMqttClient extends MqttPublisher {
  private client?: MqttClient;
  private stateTimer?: TimerHandle;
  private connected = false;
  private handler: MessageHandler = () => undefined;
  /** Central-only topics (not shared: every instance gets every message), with their own handlers. */
  private readonly centralTopics = new Map<string, (payload: Buffer, topic: string) => void>();
  /** Topics read apart from the ingest by a match (filters with `+`), e.g. the queue system's. */
  private readonly sideTopics: { filter: string; match: (topic: string) => boolean; handler: (payload: Buffer, topic: string) => Promise<unknown> }[] = [];
  /** QoS 1 messages received and not yet stored, by message id: their PUBACK waits. */
  private readonly unstored = new Map<number, { stored: Promise<unknown>; connection: number }>();
  /** PUBACKs go out in the order the messages came (MQTT 3.1.1 §4.6), each once stored. */
  private ackChain: Promise<unknown> = Promise.resolve();
  private connection = 0;
  /** QoS 1 messages handed to the ingest and not stored yet, over all connections. */
  private inProcess = 0;
  /** mqtt.js's "next packet" callbacks, held while `inProcess` is at the bound: reading waits. */
  private held: (() => void)[] = [];

  constructor(
    private options: CentralMqttOptions,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {
    super();
  }

  /** Points the client at the embedded broker, with the broker's own login for the centre. */
  useEmbedded(url: string, secret: string): void {
    this.options = { ...this.options, url, username: CENTRAL_BROKER_USERNAME, password: secret };
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Receives a central-only topic (e.g. live events between instances) apart from the ingest. */
  onCentralTopic(topic: string, handler: (payload: Buffer) => void): void {
    this.centralTopics.set(topic, handler);
    if (this.connected) void this.client?.subscribeAsync(topic, { qos: 0 }).catch((error: Error) => this.logger.warn('mqtt subscribe failed', { topic, error: error.message }));
  }

  /** Receives an agent topic apart from the ingest (QoS 1, shared between instances like the ingest's). */
  onSideTopic(filter: string, match: (topic: string) => boolean, handler: (payload: Buffer, topic: string) => Promise<unknown>): void {
    this.sideTopics.push({ filter, match, handler });
  }

  /** Connects and subscribes; resolves once the first connection is up. */
  async start(onMessage: MessageHandler): Promise<void> {
    this.handler = onMessage;
    if (!this.options.persistentSession && this.options.external) {
      // The broker acknowledged the agents' statuses already: with a clean session a reconnect (a
      // keepalive missed under a replay burst) makes it forget what it had queued for us.
      this.logger.warn('external broker without MQTT_CLIENT_ID: a clean session, so a reconnect loses what the broker queued for this server', {
        url: redactUrl(this.options.url),
      });
    }
    const offline: CentralState = { online: false };
    this.client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId,
      username: this.options.username,
      password: this.options.password,
      protocolVersion: 4,
      clean: !this.options.persistentSession,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      reconnectOnConnackError: true, // a broker that refused us once (restarting, ACL reload) is tried again

      keepalive: this.options.keepaliveSeconds ?? 15,
      will: { topic: Topics.centralState(), payload: Buffer.from(JSON.stringify(offline)), qos: 1, retain: true },
    });
    this.acknowledgeWhenStored(this.client);
    this.aliveWhileReceiving(this.client);
    this.client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.qos === 1 ? packet.messageId : undefined));
    this.client.on('connect', () => void this.onConnect());
    this.client.on('close', () => {
      if (this.connected) this.logger.warn('mqtt connection lost');
      this.connected = false;
      // Unacknowledged messages of that connection come again (persistent session): never ack them on the next one.
      this.connection++;
      this.unstored.clear();
      this.ackChain = Promise.resolve();
      // The closed connection's parser is not resumed: its packets left unread were never
      // acknowledged, so the broker sends them again. Resumed after the reconnect, it would hand
      // out old packets whose PUBACKs (by message id) went out on the new connection and
      // acknowledged other messages there, never received (seen in the replay benchmark).
      this.held = [];
    });
    this.client.on('error', (error) => this.logger.warn('mqtt error', { error: error.message }));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not connect to MQTT broker ${redactUrl(this.options.url)}`)), 15_000);
      this.client!.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.stateTimer = this.clock.setInterval(() => void this.publishState(true), this.options.stateIntervalMs ?? 30_000);
  }

  async publish(topic: string, payload: string, options: { qos: 0 | 1; retain?: boolean }): Promise<void> {
    if (!this.client) throw new Error('mqtt client not started');
    await this.client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain ?? false });
  }

  /** Says "offline" (retained) and disconnects: agents buffer until the centre is back. */
  async stop(): Promise<void> {
    this.stateTimer?.cancel();
    if (!this.client) return;
    try {
      if (this.connected) await this.publishState(false);
    } finally {
      await this.client.endAsync();
    }
  }

  private async onConnect(): Promise<void> {
    this.connected = true;
    this.logger.info('mqtt connected', { url: redactUrl(this.options.url), clientId: this.options.clientId });
    const share = (filter: string) => (this.options.shareGroup ? sharedSubscription(this.options.shareGroup, filter) : filter);
    const filters = [
      CentralSubscriptions.agentState,
      share(CentralSubscriptions.agentHealth),
      share(CentralSubscriptions.agentEvent),
      share(CentralSubscriptions.deviceStatus),
      share(CentralSubscriptions.deviceEvent),
      share(CentralSubscriptions.deviceCmdResult),
      ...this.sideTopics.map((side) => share(side.filter)),
    ];
    const central = [...this.centralTopics.keys()];
    try {
      await this.client!.subscribeAsync(filters.map((topic) => ({ topic, qos: 1 as const })).reduce((acc, s) => ({ ...acc, [s.topic]: { qos: s.qos } }), {}));
      if (central.length) await this.client!.subscribeAsync(central, { qos: 0 });
      await this.publishState(true);
    } catch (error) {
      this.logger.error('mqtt subscribe failed', { error: (error as Error).message });
    }
  }

  private publishState(online: boolean): Promise<void> {
    const state: CentralState = { online, ts: this.clock.isoNow() };
    return this.publish(Topics.centralState(), JSON.stringify(state), { qos: 1, retain: true }).catch((error: Error) =>
      this.logger.warn('central state publish failed', { error: error.message }),
    );
  }

  private onMessage(topic: string, payload: Buffer, messageId: number | undefined): void {
    try {
      const central = this.centralTopics.get(topic);
      if (central) return central(payload, topic);
      const side = this.sideTopics.find((s) => s.match(topic));
      const stored = side ? side.handler(payload, topic) : this.handler(topic, payload);
      // Stamped with the connection it came on (none once that one closed): its PUBACK, by message id, is only valid there.
      if (stored && messageId !== undefined) this.unstored.set(messageId, { stored: stored.catch(() => undefined), connection: this.connected ? this.connection : -1 });
    } catch (error) {
      this.logger.error('message handler failed', { topic, error: (error as Error).message });
    }
  }

  /**
   * mqtt.js counts only acknowledgements and PINGRESPs as signs of life: a server that only
   * receives statuses pings every keepalive and gives up when the PINGRESP is late. Under a burst
   * the broker queues that PINGRESP behind everything it is sending, so the connection was dropped
   * while it was busiest (every ~23 s in the replay benchmark), and each reconnect had the broker
   * send its whole backlog again. A received message is a sign of life too (at most once a second).
   */
  private aliveWhileReceiving(client: MqttClient): void {
    let last = 0;
    client.on('packetreceive', (packet) => {
      if (packet.cmd !== 'publish' || Date.now() - last < 1000) return;
      last = Date.now();
      client.reschedulePing(true);
    });
  }

  /**
   * mqtt.js acknowledges a QoS 1 message as soon as the handler returns, and its hook for a
   * later ack (`customHandleAcks`) holds every following message until then (one at a time).
   * So the PUBACK packet itself is held back here until the message is stored, while reading
   * goes on: with a persistent session the broker redelivers whatever a crash left unacked.
   * Reading goes on only while fewer than `maxInProcess` messages wait to be stored: mqtt.js
   * reads its next packet when the PUBACK's send callback runs, so holding that callback
   * pauses the connection (TCP pushes back to the broker, which keeps the rest queued).
   */
  private acknowledgeWhenStored(client: MqttClient): void {
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send = internals._sendPacket.bind(client);
    const bound = this.options.maxInProcess ?? MAX_IN_PROCESS;
    internals._sendPacket = (packet, cb, ...rest) => {
      const received = packet.cmd === 'puback' && packet.messageId !== undefined ? this.unstored.get(packet.messageId) : undefined;
      if (!received) return send(packet, cb, ...rest);
      this.unstored.delete(packet.messageId!);
      const { stored, connection } = received;
      this.inProcess++;
      const done = stored.then(() => {
        this.inProcess--;
        while (this.inProcess < bound && this.held.length) this.held.shift()!();
      });
      this.ackChain = this.ackChain.then(() => done).then(() => {
        if (connection === this.connection) send(packet, () => undefined);
      });
      if (this.inProcess < bound) cb?.();
      else if (cb) this.held.push(cb);
    };
  }
}
