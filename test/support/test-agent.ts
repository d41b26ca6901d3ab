import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';

/** Publishes as a branch agent over a real MQTT connection, with a seq that only grows. */
export class TestAgent {
  private seq = 0;
  readonly bootId: string;

  private constructor(
    readonly client: MqttClient,
    readonly branchId: string,
    bootId?: string,
  ) {
    this.bootId = bootId ?? `boot-${Math.random().toString(36).slice(2, 10)}`;
  }

  static async connect(url: string, branchId: string, credentials?: { username: string; password: string }, options: { bootId?: string; clientId?: string } = {}): Promise<TestAgent> {
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 4,
      username: credentials?.username,
      password: credentials?.password,
      // The embedded broker binds client ids to the branch: `agent-{branch}` plus a suffix after a dot.
      clientId: options.clientId ?? `agent-${branchId}.test-${Math.random().toString(36).slice(2, 8)}`,
      reconnectPeriod: 0,
      will: { topic: Topics.agentState(branchId), payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    return new TestAgent(client, branchId, options.bootId);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  async birth(devices: { id: string; kind: string }[]): Promise<number> {
    const seq = this.nextSeq();
    await this.client.publishAsync(
      Topics.agentState(this.branchId),
      JSON.stringify({ online: true, seq, bootId: this.bootId, ts: new Date().toISOString(), agentVersion: 'test', devices }),
      { qos: 1, retain: true },
    );
    return seq;
  }

  async status(deviceId: string, body: Record<string, unknown>, options: { seq?: number; ts?: string; historical?: boolean } = {}): Promise<number> {
    const seq = options.seq ?? this.nextSeq();
    const payload = { seq, ts: options.ts ?? new Date().toISOString(), ...(options.historical ? { historical: true } : {}), ...body };
    await this.client.publishAsync(Topics.deviceStatus(this.branchId, deviceId), JSON.stringify(payload), { qos: 1 });
    return seq;
  }

  async raw(topic: string, payload: string | Buffer): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1 });
  }

  async end(): Promise<void> {
    await this.client.endAsync(true);
  }
}

export const printerStatus = (paper: 'ok' | 'low' | 'out', ticketsPrinted = 100) => ({
  kind: 'ticket-printer',
  link: 'up',
  state: paper === 'ok' ? 'ok' : paper === 'low' ? 'warning' : 'fault',
  faults: [],
  consumables: { paper: { level: paper } },
  counters: { ticketsPrinted },
});
