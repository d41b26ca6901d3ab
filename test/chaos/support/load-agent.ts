import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';
import { delay } from '../../support/processes';

/**
 * A simulated edge agent for load: its own branch, `devices` ticket printers, statuses at QoS 1
 * with a per-agent `seq` that only grows, a birth (retained, with `bootId`) on every connect, its
 * will marking it offline — the wire behaviour of the real agent (docs/mqtt.md), at a rate the
 * real drivers cannot produce. Every status is tracked by seq: sent, and acknowledged when its
 * PUBACK arrives. Like the real agent it keeps what is not acknowledged and sends it again after a
 * reconnect (mqtt.js's outgoing store), so a status is acknowledged at most once and then forgotten.
 *
 * Device 0 reports paper out the whole time: the one problem the alerting must show exactly once.
 */
export class LoadAgent {
  /** seq → device id, for every status handed to MQTT. */
  readonly sent = new Map<number, string>();
  readonly acked = new Set<number>();
  /** seq → last `ticketsPrinted` of each device among acknowledged statuses: the live state to expect. */
  private readonly counters = new Map<string, { seq: number; tickets: number }>();
  private seq = 0;
  private connects = 0;
  private publishing?: NodeJS.Timeout;
  readonly bootId = `boot-chaos-${Math.random().toString(36).slice(2, 10)}`;

  private constructor(
    readonly client: MqttClient,
    readonly branchId: string,
    readonly deviceIds: string[],
  ) {
    client.on('connect', () => {
      this.connects++;
      this.birth();
    });
    // Errors (refused while the server restarts) are expected: mqtt.js reconnects by itself.
    client.on('error', () => undefined);
  }

  static async connect(url: string, branchId: string, credentials: { username: string; password: string }, devices = 10): Promise<LoadAgent> {
    const client = mqtt.connect(url, {
      protocolVersion: 4,
      username: credentials.username,
      password: credentials.password,
      clientId: `agent-${branchId}`,
      reconnectPeriod: 300,
      connectTimeout: 5000,
      reconnectOnConnackError: true, // as the real agent (libs/edge mqtt-link)
      keepalive: 10,
      will: { topic: Topics.agentState(branchId), payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    const agent = new LoadAgent(client, branchId, LoadAgent.deviceIds(branchId, devices));
    const deadline = Date.now() + 15_000;
    while (!client.connected) {
      if (Date.now() > deadline) throw new Error(`load agent ${branchId} could not connect to ${url}`);
      await delay(50);
    }
    return agent;
  }

  /** The ids of the printers a load agent of `branchId` reports (to register them beforehand). */
  static deviceIds(branchId: string, devices = 10): string[] {
    return Array.from({ length: devices }, (_, i) => `${branchId}-tp${i}`);
  }

  get reconnects(): number {
    return Math.max(0, this.connects - 1);
  }

  /** Publishes `ratePerSecond` statuses, round-robin over the devices, until `stop()`. */
  start(ratePerSecond: number): void {
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((ratePerSecond * tickMs) / 1000));
    let next = 0;
    this.publishing = setInterval(() => {
      for (let i = 0; i < perTick; i++) this.status(this.deviceIds[next++ % this.deviceIds.length]);
    }, tickMs);
  }

  stop(): void {
    clearInterval(this.publishing);
    this.publishing = undefined;
  }

  /** Publishes for `durationMs`, running `fault` at `faultAtMs` (awaited while the load goes on). */
  async loadWith(ratePerSecond: number, durationMs: number, faultAtMs: number, fault: () => Promise<void>): Promise<void> {
    const started = Date.now();
    this.start(ratePerSecond);
    try {
      await delay(faultAtMs);
      await fault();
      await delay(Math.max(0, durationMs - (Date.now() - started)));
    } finally {
      this.stop();
    }
  }

  /** Waits until every sent status is acknowledged (the agent would keep re-sending until then). */
  async waitAllAcked(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acked.size < this.sent.size) {
      if (Date.now() > deadline) throw new Error(`${this.branchId}: ${this.sent.size - this.acked.size} of ${this.sent.size} statuses still not acknowledged after ${timeoutMs} ms`);
      await delay(100);
    }
  }

  /** The last acknowledged `ticketsPrinted` per device: what its live state must show. */
  expectedLive(): Map<string, number> {
    return new Map([...this.counters].map(([device, { tickets }]) => [device, tickets]));
  }

  async end(): Promise<void> {
    this.stop();
    await this.client.endAsync(true).catch(() => undefined);
  }

  private birth(): void {
    const payload = { online: true, seq: ++this.seq, bootId: this.bootId, ts: new Date().toISOString(), agentVersion: 'chaos-load', devices: this.deviceIds.map((id) => ({ id, kind: 'ticket-printer' })) };
    this.client.publish(Topics.agentState(this.branchId), JSON.stringify(payload), { qos: 1, retain: true });
  }

  private status(deviceId: string): void {
    const seq = ++this.seq;
    const paperOut = deviceId === this.deviceIds[0];
    const tickets = seq;
    const body = {
      seq,
      ts: new Date().toISOString(),
      kind: 'ticket-printer',
      link: 'up',
      state: paperOut ? 'fault' : 'ok',
      faults: [],
      consumables: { paper: { level: paperOut ? 'out' : 'ok' } },
      counters: { ticketsPrinted: tickets },
    };
    this.sent.set(seq, deviceId);
    this.client.publish(Topics.deviceStatus(this.branchId, deviceId), JSON.stringify(body), { qos: 1 }, (error) => {
      if (error) return; // not acknowledged: mqtt.js keeps it and sends it again, or it stays unacknowledged
      this.acked.add(seq);
      const last = this.counters.get(deviceId);
      if (!last || last.seq < seq) this.counters.set(deviceId, { seq, tickets });
    });
  }
}
