import * as net from 'node:net';
import { createBroker } from 'aedes';
import { connect, MqttClient } from 'mqtt';

/**
 * An in-process aedes broker on an ephemeral port that a test can cut (every connection
 * dropped, the port closed) and bring back on the same port.
 */
export class TestBroker {
  private broker = createBroker();
  private server = net.createServer();
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  static async start(): Promise<TestBroker> {
    const broker = new TestBroker();
    await broker.listen(0);
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** The broker goes away: clients see their connection drop and cannot reconnect. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
  }

  /** A fresh broker (no retained state) on the same port. */
  async restart(): Promise<void> {
    this.broker = createBroker();
    this.server = net.createServer();
    await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const broker = this.broker;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }
}

export interface Received {
  topic: string;
  body: Record<string, unknown>;
  retain: boolean;
}

/** A plain MQTT client that records everything on its filters, in arrival order. */
export class Collector {
  readonly received: Received[] = [];
  private constructor(readonly client: MqttClient) {}

  static async connect(url: string, filters: string[]): Promise<Collector> {
    const client = connect(url, { protocolVersion: 4, clientId: `collector-${Math.random().toString(16).slice(2)}`, reconnectPeriod: 0 });
    const collector = new Collector(client);
    client.on('message', (topic, payload, packet) => {
      collector.received.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown>, retain: packet.retain });
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync(filters, { qos: 1 });
    return collector;
  }

  async publish(topic: string, body: unknown, retain = false): Promise<void> {
    await this.client.publishAsync(topic, JSON.stringify(body), { qos: 1, retain });
  }

  on(suffix: string): Received[] {
    return this.received.filter((message) => message.topic.endsWith(suffix));
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
