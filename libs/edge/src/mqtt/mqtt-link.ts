import { connect, IClientOptions, MqttClient } from 'mqtt';
import { Observable, Subject } from 'rxjs';
import { JsonLogger } from '@lobby/runtime';
import { NoReplayStore } from './no-replay.store';

export interface MqttLinkOptions {
  url: string;
  username: string;
  password: string;
  clientId: string;
  will: { topic: string; payload: string; qos: 0 | 1; retain: boolean };
  keepaliveS?: number;
  reconnectPeriodMs?: number;
  connectTimeoutMs?: number;
}

export interface IncomingMessage {
  topic: string;
  payload: Buffer;
  /** True when the broker delivered a retained message on subscribe. */
  retain: boolean;
}

export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

/**
 * The agent's one MQTT connection (MQTT 3.1.1, clean session, will). Publishes resolve on
 * PUBACK and reject when the connection drops first, so the caller knows what to send again.
 */
export class MqttLink {
  private client?: MqttClient;
  private readonly pending = new Set<(error: Error) => void>();
  private readonly connectedSubject = new Subject<boolean>();
  private readonly messagesSubject = new Subject<IncomingMessage>();
  private up = false;

  /** true on every (re)connect, false on every loss. */
  readonly connected$: Observable<boolean> = this.connectedSubject.asObservable();
  readonly messages$: Observable<IncomingMessage> = this.messagesSubject.asObservable();

  constructor(
    private readonly options: MqttLinkOptions,
    private readonly logger: JsonLogger,
  ) {}

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    const { options } = this;
    const clientOptions: IClientOptions = {
      protocolVersion: 4,
      clientId: options.clientId,
      username: options.username,
      password: options.password,
      clean: true,
      keepalive: options.keepaliveS ?? 10,
      reconnectPeriod: options.reconnectPeriodMs ?? 1500,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      // mqtt.js gives up for good after one refused CONNECT; an agent must never give up: the
      // centre may refuse it for a moment (its database down, credentials being rotated).
      reconnectOnConnackError: true,
      resubscribe: false,
      queueQoSZero: false,
      outgoingStore: new NoReplayStore(),
      will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: options.will.qos, retain: options.will.retain },
    };
    const client = connect(options.url, clientOptions);
    this.client = client;
    client.on('connect', () => this.setUp(true));
    client.on('close', () => this.setUp(false));
    client.on('error', (error) => this.logger.warn('mqtt error', { error: error.message }));
    client.on('message', (topic, payload, packet) => this.messagesSubject.next({ topic, payload, retain: packet.retain }));
  }

  publish(topic: string, payload: string, options: PublishOptions): Promise<void> {
    const client = this.client;
    if (!client || !this.up) return Promise.reject(new Error('not connected'));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        this.pending.delete(fail);
        reject(error);
      };
      this.pending.add(fail);
      client.publish(topic, payload, { qos: options.qos, retain: options.retain ?? false }, (error) => {
        if (error) return fail(error);
        if (settled) return;
        settled = true;
        this.pending.delete(fail);
        resolve();
      });
    });
  }

  subscribe(filters: string[]): Promise<void> {
    const client = this.client;
    if (!client || !this.up) return Promise.reject(new Error('not connected'));
    return new Promise<void>((resolve, reject) => {
      client.subscribe(filters, { qos: 1 }, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Ends the connection; `force` skips the DISCONNECT packet (the broker then sends the will). */
  async end(force = false): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    await new Promise<void>((resolve) => {
      client.end(force, {}, () => resolve());
    });
    this.setUp(false);
    this.connectedSubject.complete();
    this.messagesSubject.complete();
  }

  private setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      const error = new Error('connection closed');
      for (const fail of [...this.pending]) fail(error);
    }
    this.logger.info(up ? 'connected to the centre' : 'disconnected from the centre', { url: this.options.url });
    this.connectedSubject.next(up);
  }
}
