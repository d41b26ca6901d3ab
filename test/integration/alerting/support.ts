import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { AlertEngine } from '@lobby/alerting';
import { AgentStateService, DeviceTwin, IngestService } from '@lobby/fleet';
import { ManualClock } from '@lobby/platform';
import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { TestAgent } from '../../support/test-agent';
import { TestCentral } from '../../support/test-central';

/** Monday 2026-11-30 10:00 in Asia/Shanghai: the branch (default hours 09:00–17:00) is open. */
export const MONDAY_10_00 = Date.UTC(2026, 10, 30, 2, 0, 0);

export interface AlertingCentralOptions {
  /** Patches of `config/alert-rules.yaml` (written to a temp file), e.g. `{ rules: [{ id: 'paper-low', raiseDelaySeconds: 10 }] }`. */
  rules?: Record<string, unknown>;
  start?: number;
  /** Move the clock past the start-up grace at once (default true). */
  skipGrace?: boolean;
  env?: Record<string, string>;
}

/**
 * The real central server in process (SQLite temp file, embedded broker on a free port) on a
 * manual clock, with handles to move time and to wait until what was published is evaluated.
 */
export class AlertingCentral {
  readonly clock: ManualClock;
  readonly central: TestCentral;
  private readonly dir = mkdtempSync(join(tmpdir(), 'lobby-alerting-'));

  constructor(private readonly options: AlertingCentralOptions = {}) {
    this.clock = new ManualClock(options.start ?? MONDAY_10_00);
    // `settle()` flushes the ingest itself; a long interval keeps hour-long clock jumps from firing it millions of times.
    // Webhook receivers listen on 127.0.0.1, which only an admin allow-list opens.
    const env: Record<string, string> = { INGEST_FLUSH_MS: '10000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1', ...options.env };
    if (options.rules) {
      const file = join(this.dir, 'alert-rules.yaml');
      writeFileSync(file, stringify(options.rules));
      env.ALERT_RULES_FILE = file;
    }
    this.central = new TestCentral({ clock: this.clock, env });
  }

  async start(): Promise<this> {
    await this.central.start();
    if (this.options.skipGrace !== false) await this.tick(91_000);
    return this;
  }

  async stop(): Promise<void> {
    await this.central.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  get admin(): HttpClient {
    return this.central.admin;
  }
  get engine(): AlertEngine {
    return this.central.server.app.get(AlertEngine);
  }
  get<T>(token: new (...args: never[]) => T): T {
    return this.central.server.app.get(token);
  }

  /** Waits until everything received is ingested and evaluated. */
  async settle(): Promise<void> {
    await this.get(IngestService).drain();
    await this.engine.idle();
  }

  /** Moves time and runs the sweep as the scheduler would. */
  async tick(ms = 0): Promise<void> {
    await this.settle();
    this.clock.advance(ms);
    await this.settle();
    await this.engine.evaluateDue();
    await this.settle();
  }

  /** A branch (default hours 09:00–17:00 every day) with its agent connected and born with `devices`. */
  async branchWithAgent(branchId: string, devices: { id: string; kind: string }[], extra: Record<string, unknown> = {}): Promise<Agent> {
    const credentials = await this.central.branch(branchId, extra);
    const agent = new Agent(this, branchId, credentials, devices);
    await agent.connect();
    return agent;
  }

  /** Device statuses the ingest has received so far (the Prometheus counter). */
  metricsReceived(): Promise<number> {
    return this.central.metric('lobby_mqtt_messages_received_total', 'type="device-status"');
  }

  alerts(query = ''): Promise<{ items: Alert[]; total: number }> {
    return this.admin.get(`/api/alerts?limit=1000${query}`).then((r) => r.body as { items: Alert[]; total: number });
  }
  tasks(query = ''): Promise<{ items: Task[]; total: number }> {
    return this.admin.get(`/api/tasks?limit=1000${query}`).then((r) => r.body as { items: Task[]; total: number });
  }
}

export interface Alert {
  id: string;
  deviceId: string | null;
  branchId: string;
  type: string;
  code?: string;
  severity: string;
  state: string;
  title?: string;
  message: string;
  raisedAt: string;
  clearedAt?: string;
  ackedBy?: string;
}

export interface Task {
  id: string;
  kind: string;
  deviceId: string | null;
  branchId: string;
  problem: string;
  status: string;
  severity: string;
  assignee?: string;
  responseDueAt: string;
  resolveDueAt: string;
  overdue: boolean;
  alertIds: string[];
  history: { at: string; by: string; from: string | null; to: string; note?: string }[];
}

/** A branch agent over a real MQTT connection (its will set), that waits until the centre has what it sent. */
export class Agent {
  private agent?: TestAgent;
  readonly bootId = `boot-${Math.random().toString(36).slice(2, 10)}`;
  private seq = 0;

  constructor(
    private readonly host: AlertingCentral,
    readonly branchId: string,
    private readonly credentials: { username: string; password: string },
    readonly devices: { id: string; kind: string }[],
  ) {}

  /** Connects (again) and publishes its birth; resolves once the centre knows it online. */
  async connect(): Promise<void> {
    this.agent = await TestAgent.connect(this.host.central.mqttUrl, this.branchId, this.credentials, { bootId: this.bootId });
    // A fresh TestAgent counts from 0: keep our own seq so it only grows.
    (this.agent as unknown as { seq: number }).seq = this.seq;
    const seq = await this.agent.birth(this.devices);
    this.seq = seq;
    const agents = this.host.get(AgentStateService);
    await eventually(async () => {
      const row = await agents.get(this.branchId);
      if (!row?.online || (row.lastBirthAt ?? 0) < this.host.clock.now()) throw new Error(`agent ${this.branchId} not online yet`);
    });
    await this.host.settle();
  }

  /** Publishes a status and waits until the centre has applied and evaluated it. */
  async status(deviceId: string, body: Record<string, unknown>): Promise<void> {
    const seq = await this.client.status(deviceId, body);
    this.seq = seq;
    const twin = this.host.get(DeviceTwin);
    await eventually(() => {
      if ((twin.get(deviceId)?.liveSeq ?? -1) < seq) throw new Error(`status ${seq} of ${deviceId} not applied yet`);
    });
    await this.host.settle();
  }

  get client(): TestAgent {
    if (!this.agent) throw new Error('agent not connected');
    return this.agent;
  }

  /** Dies without a goodbye (the broker publishes its will); resolves once the centre knows. */
  async crash(): Promise<void> {
    this.client.client.stream.destroy();
    const agents = this.host.get(AgentStateService);
    await eventually(async () => {
      if ((await agents.get(this.branchId))?.online !== false) throw new Error('agent still online');
    });
    await this.host.settle();
  }

  async end(): Promise<void> {
    await this.agent?.client.endAsync(true).catch(() => undefined);
  }
}

export const printer = (patch: Record<string, unknown> = {}) => ({
  kind: 'ticket-printer',
  link: 'up',
  state: 'ok',
  faults: [],
  consumables: { paper: { level: 'ok' } },
  counters: { ticketsPrinted: 100 },
  ...patch,
});

export interface Received {
  headers: IncomingHttpHeaders;
  url: string;
  body: Record<string, unknown>;
}

/** An HTTP receiver of webhooks that records every request; `respond` decides the answer. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  respond: (request: Received, attempt: number) => { status: number; body?: unknown } = () => ({ status: 200, body: { ok: true } });
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const request: Received = { headers: req.headers, url: req.url ?? '', body: JSON.parse(raw || '{}') as Record<string, unknown> };
        this.received.push(request);
        const answer = this.respond(request, this.received.length);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  keys(): string[] {
    return this.received.map((r) => String(r.headers['idempotency-key']));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Reads `GET /api/stream` and collects the JSON `data` of unnamed events. */
export class StreamReader {
  readonly events: { type: string; branchId: string; data: Record<string, unknown> }[] = [];
  private readonly abort = new AbortController();

  static async open(baseUrl: string, token: string, viaQuery = false): Promise<StreamReader> {
    const reader = new StreamReader();
    const url = viaQuery ? `${baseUrl}/api/stream?access_token=${encodeURIComponent(token)}` : `${baseUrl}/api/stream`;
    const response = await fetch(url, { headers: viaQuery ? {} : { authorization: `Bearer ${token}` }, signal: reader.abort.signal });
    if (response.status !== 200 || !response.body) throw new Error(`stream: HTTP ${response.status}`);
    let ready = false;
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: ?(.*)$/m.exec(block)?.[1];
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trimStart())
              .join('\n');
            if (name === 'ready') ready = true;
            else if (!name && data) reader.events.push(JSON.parse(data) as StreamReader['events'][number]);
          }
        }
      } catch {
        // aborted
      }
    })();
    await eventually(() => {
      if (!ready) throw new Error('stream not ready');
    });
    return reader;
  }

  of(type: string): StreamReader['events'] {
    return this.events.filter((e) => e.type === type);
  }

  close(): void {
    this.abort.abort();
  }
}
