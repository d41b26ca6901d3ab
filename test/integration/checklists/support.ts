import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { AgentSubscriptions, Topics } from '@lobby/contracts';
import { ChecklistScheduler } from '@lobby/checklists';
import { IngestService } from '@lobby/fleet';
import { ManualClock, TimerHandle } from '@lobby/platform';
import { HttpClient, JsonBody } from '../../support/http-client';
import { TestAgent } from '../../support/test-agent';
import { freshPostgresDatabase, SERVICES_REQUIRED } from '../../support/services';
import { TestCentral } from '../../support/test-central';

/** Branch-local wall time → epoch ms. */
export const local = (zone: string, date: string, hhmm: string): number => DateTime.fromISO(`${date}T${hhmm}`, { zone }).toMillis();
export const localTime = (zone: string, iso: string): string => DateTime.fromISO(iso).setZone(zone).toFormat('HH:mm');

/**
 * A ManualClock whose intervals fire at most once per move, as Node's do after a busy loop, instead
 * of replaying every missed round: moving a day forward would otherwise run tens of thousands of
 * 5-second sweeps. Timeouts (delays, deadlines) still fire one by one, in order.
 */
export class DrivenClock extends ManualClock {
  private readonly rounds = new Map<number, { fn: () => void; every: number; next: number }>();
  private nextRound = 0;

  override setInterval(fn: () => void, ms: number): TimerHandle {
    const id = this.nextRound++;
    const every = Math.max(1, ms);
    this.rounds.set(id, { fn, every, next: this.now() + every });
    return { cancel: () => this.rounds.delete(id) };
  }

  override advance(ms: number): void {
    super.advance(ms);
    const now = this.now();
    for (const round of [...this.rounds.values()]) {
      if (round.next > now) continue;
      round.next = now + round.every;
      round.fn();
    }
  }
}

/**
/**
 * The engines every checklist, daily-log and forecast suite runs on: SQLite always, PostgreSQL
 * in CI (REQUIRE_SERVICES=1) or with `CHECKLISTS_DB=postgres` (then PostgreSQL only).
 */
export type ChecklistEngine = { name: string; database: 'sqlite' | 'postgres' };
export const CHECKLIST_ENGINES: ChecklistEngine[] = [
  ...(process.env.CHECKLISTS_DB === 'postgres' ? [] : [{ name: 'SQLite', database: 'sqlite' as const }]),
  ...(SERVICES_REQUIRED || process.env.CHECKLISTS_DB === 'postgres' ? [{ name: 'PostgreSQL', database: 'postgres' as const }] : []),
];

/**
 * The real central server in process on a driven clock: the day is driven by moving the clock.
 * SQLite in a temp file, or a fresh PostgreSQL database.
 */
export class DrivenCentral {
  readonly clock: DrivenClock;
  central!: TestCentral;
  private postgres?: { url: string; drop(): Promise<void> };

  constructor(
    start: number,
    private readonly database: ChecklistEngine['database'] = 'sqlite',
    private readonly env: Record<string, string> = {},
  ) {
    this.clock = new DrivenClock(start);
  }

  async start(): Promise<this> {
    if (this.database === 'postgres') this.postgres = await freshPostgresDatabase();
    // A long flush interval: the batch is flushed explicitly (`settle`), not by thousands of timer rounds.
    this.central = new TestCentral({ clock: this.clock, database: this.postgres?.url, env: { INGEST_FLUSH_MS: '10000', WEBHOOK_ALLOW_HOSTS: '127.0.0.1', ...this.env } });
    await this.central.start();
    return this;
  }

  get admin(): HttpClient {
    return this.central.admin;
  }

  get scheduler(): ChecklistScheduler {
    return this.central.server.app.get(ChecklistScheduler);
  }

  /** Everything received so far handled and written. */
  async settle(): Promise<void> {
    await this.central.server.app.get(IngestService).drain();
  }

  /** Moves the clock to `at` and runs the scheduler's round there (what its cron job or catch-up round would do). */
  async driveTo(at: number): Promise<void> {
    if (at > this.clock.now()) this.clock.set(at);
    await this.settle();
    await this.scheduler.tick();
  }

  /** A device as the API shows it, after the ingest batch is written. */
  async device(id: string): Promise<JsonBody> {
    await this.settle();
    return (await this.admin.get(`/api/devices/${id}`)).body;
  }

  async checklists(client: HttpClient, query: string): Promise<JsonBody[]> {
    const response = await client.get(`/api/checklists?${query}`);
    if (response.status !== 200) throw new Error(`GET /api/checklists?${query}: ${response.status} ${response.text}`);
    return response.body.items as JsonBody[];
  }

  async stop(): Promise<void> {
    await this.central?.stop();
    await this.postgres?.drop();
  }
}

/** A branch agent on a real MQTT connection, stamping statuses with the driven clock. */
export class DrivenAgent {
  readonly commands: { deviceId: string; action: string; id: string }[] = [];

  private constructor(
    readonly agent: TestAgent,
    private readonly clock: DrivenClock,
  ) {}

  static async connect(driven: DrivenCentral, branchId: string, devices: { id: string; kind: string }[]): Promise<DrivenAgent> {
    const credentials = await driven.central.admin.post(`/api/branches/${branchId}/agent-credentials`);
    const agent = await TestAgent.connect(driven.central.mqttUrl, branchId, credentials.body as { username: string; password: string });
    const me = new DrivenAgent(agent, driven.clock);
    agent.client.on('message', (topic, payload) => {
      const deviceId = topic.split('/')[4];
      const body = JSON.parse(payload.toString()) as { id: string; action: string };
      me.commands.push({ deviceId, action: body.action, id: body.id });
    });
    await agent.client.subscribeAsync(AgentSubscriptions.commands(branchId), { qos: 1 });
    await agent.birth(devices);
    return me;
  }

  status(deviceId: string, body: Record<string, unknown>, at = this.clock.now()): Promise<number> {
    return this.agent.status(deviceId, body, { ts: new Date(at).toISOString() });
  }

  async event(deviceId: string, type: string, data: Record<string, unknown> = {}, at = this.clock.now()): Promise<void> {
    const payload = { seq: this.agent.nextSeq(), ts: new Date(at).toISOString(), type, data };
    await this.agent.raw(Topics.deviceEvent(this.agent.branchId, deviceId), JSON.stringify(payload));
  }

  end(): Promise<void> {
    return this.agent.end();
  }
}

export const printer = (paper: 'ok' | 'low' | 'out', ticketsPrinted: number, extra: Record<string, unknown> = {}) => ({
  kind: 'ticket-printer',
  link: 'up',
  state: paper === 'ok' ? 'ok' : paper === 'low' ? 'warning' : 'fault',
  faults: [],
  consumables: { paper: { level: paper } },
  counters: { ticketsPrinted },
  ...extra,
});

export const lightBox = (switchedOn: boolean, currentMa: number) => ({
  kind: 'light-box',
  link: 'up',
  state: 'ok',
  faults: [],
  lamp: { switchedOn, currentMa },
});

export const receiptBox = (linesPrinted: number) => ({
  kind: 'receipt-box',
  link: 'up',
  state: 'ok',
  faults: [],
  consumables: { paper: { level: 'ok' }, ribbon: { level: 'ok' } },
  counters: { linesPrinted },
});

export const dispenser = (link: 'up' | 'down', count = 2000) => ({
  kind: 'cash-dispenser',
  link,
  state: 'ok',
  faults: [],
  consumables: { paper: { level: 'ok' } },
  cash: [{ unit: 'CASS1', currency: 'CNY', denomination: 100, count, level: 'ok' }],
});

/** Records the JSON webhooks it receives (notifications for a role). */
export class HookReceiver {
  readonly received: JsonBody[] = [];
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        this.received.push(JSON.parse(raw || '{}'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
