import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '../../support/http-client';
import { ChildProgram, delay, ensureBuilt, freePorts, ProcessGroup } from '../../support/processes';
import { CaseFigures } from './chaos-report';
import { StoredCounts, storedStatusSeqs } from './stored-rows';

export const ADMIN_PASSWORD = 'chaos-admin-password';

export interface CentralStart {
  /** Process name in logs and failure messages. */
  name?: string;
  /** `DATABASE_URL`; default the site's SQLite file. */
  databaseUrl?: string;
  /** `MQTT_URL` of an external broker; unset: the embedded broker on the site's MQTT port. */
  mqttUrl?: string;
  httpPort?: number;
  env?: Record<string, string | undefined>;
}

/**
 * One machine for a chaos case: a temp dir, free ports, central server processes started as a
 * user starts them (`node dist/apps/central-server/src/main.js` with its environment), an admin
 * HTTP client, and the figures of a case read back from the database.
 */
export class ChaosSite {
  readonly group = new ProcessGroup();
  private readonly programs: ChildProgram[] = [];
  readonly dir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-chaos-'));
  private adminClient?: HttpClient;

  private constructor(
    readonly httpPort: number,
    readonly mqttPort: number,
    readonly spareHttpPort: number,
  ) {}

  static async create(): Promise<ChaosSite> {
    const [httpPort, mqttPort, spare] = await freePorts(3);
    return new ChaosSite(httpPort, mqttPort, spare);
  }

  get sqliteUrl(): string {
    return `sqlite:${path.join(this.dir, 'central.sqlite')}`;
  }
  get embeddedMqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }
  get admin(): HttpClient {
    if (!this.adminClient) throw new Error('no central server was started');
    return this.adminClient;
  }

  /** Starts the central server and waits for "central server ready" and an admin login. */
  async startCentral(options: CentralStart = {}): Promise<ChildProgram> {
    const httpPort = options.httpPort ?? this.httpPort;
    const central = this.group.node(options.name ?? 'central', 'central', {
      env: {
        HTTP_PORT: String(httpPort),
        HTTP_HOST: '127.0.0.1',
        ...(options.mqttUrl ? { MQTT_URL: options.mqttUrl } : { MQTT_PORT: String(this.mqttPort) }),
        DATABASE_URL: options.databaseUrl ?? this.sqliteUrl,
        ADMIN_PASSWORD,
        FLEET_FILE: path.join(this.dir, 'no-fleet.yaml'),
        LOG_LEVEL: 'info',
        ...options.env,
      },
    });
    this.programs.push(central);
    await central.waitForMsg('central server ready', 40_000);
    this.adminClient = await new HttpClient(`http://127.0.0.1:${httpPort}`).login('admin', ADMIN_PASSWORD);
    return central;
  }

  /** Remembers a program for CHAOS_KEEP's logs. */
  track(program: ChildProgram): ChildProgram {
    this.programs.push(program);
    return program;
  }

  /** "message rejected" lines of every central server started here, by reason (for the report's notes). */
  rejections(): string {
    const counts = new Map<string, number>();
    for (const program of this.programs.filter((p) => p.name.startsWith('central'))) {
      for (const line of program.logs.filter((l) => l.msg === 'message rejected')) counts.set(String(line.reason), (counts.get(String(line.reason)) ?? 0) + 1);
    }
    return [...counts].map(([reason, n]) => `${reason} ×${n}`).join(', ');
  }

  async createBranch(id: string): Promise<{ username: string; password: string }> {
    const created = await this.admin.post('/api/branches', { id, name: `Chaos ${id}` });
    if (created.status !== 201) throw new Error(`POST /api/branches: ${created.status} ${created.text}`);
    const credentials = await this.admin.post<{ username: string; password: string }>(`/api/branches/${id}/agent-credentials`);
    if (credentials.status !== 201) throw new Error(`agent credentials for ${id}: ${credentials.status} ${credentials.text}`);
    return credentials.body;
  }

  /** Kills what still runs; `CHAOS_KEEP=1` keeps the dir (databases, buffers) and every program's JSON log lines in it. */
  async close(): Promise<void> {
    await this.group.killAll();
    if (process.env.CHAOS_KEEP === '1') {
      for (const program of this.programs) fs.writeFileSync(path.join(this.dir, `${program.name}.log.jsonl`), program.logs.map((line) => JSON.stringify(line)).join('\n'));
      process.stderr.write(`chaos: kept ${this.dir}\n`);
      return;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Compares what was acknowledged with what is stored: waits (bounded) until every acknowledged seq
 * is in the database, then counts. Gives up after `timeoutMs` and reports what is missing as lost.
 */
export async function settleFigures(
  databaseUrl: string,
  branchId: string,
  sent: Map<number, unknown> | Set<number>,
  acked: Set<number>,
  timeoutMs = 20_000,
  dropped = 0,
  excused: Set<number> = new Set(),
): Promise<CaseFigures & { missing: number[]; excusedMissing: number }> {
  const deadline = Date.now() + timeoutMs;
  let stored: StoredCounts = new Map();
  for (;;) {
    stored = await storedStatusSeqs(databaseUrl, branchId).catch(() => stored);
    const missing = [...acked].filter((seq) => !stored.has(seq) && !excused.has(seq));
    if (missing.length <= dropped || Date.now() > deadline) break;
    await delay(250);
  }
  const sentSeqs = new Set(sent.keys());
  const missing = [...acked].filter((seq) => !stored.has(seq) && !excused.has(seq)).sort((a, b) => a - b);
  const excusedMissing = [...acked].filter((seq) => !stored.has(seq) && excused.has(seq)).length;
  // Dropped entries (the oldest, counted by the agent) are behind its cursor like sent ones; the
  // count covers every kind of buffered message, so at most that many missing statuses are excused.
  return {
    sent: sentSeqs.size,
    acknowledged: acked.size - Math.min(missing.length, dropped) - excusedMissing,
    stored: [...stored.keys()].filter((seq) => sentSeqs.has(seq)).length,
    duplicated: [...stored.values()].reduce((sum, n) => sum + n - 1, 0),
    lost: Math.max(0, missing.length - dropped),
    ...(dropped > 0 ? { dropped } : {}),
    missing: dropped > 0 ? [] : missing,
    excusedMissing,
  };
}

/** "12 lost: seq 403–411, 980" for the report. */
export function describeMissing(missing: number[]): string {
  if (missing.length === 0) return '';
  const ranges: string[] = [];
  for (let i = 0; i < missing.length; ) {
    let j = i;
    while (j + 1 < missing.length && missing[j + 1] === missing[j] + 1) j++;
    ranges.push(i === j ? String(missing[i]) : `${missing[i]}–${missing[j]}`);
    i = j + 1;
  }
  return `lost seqs: ${ranges.slice(0, 20).join(', ')}${ranges.length > 20 ? ', …' : ''}`;
}

/**
 * A real agent's config file with `count` simulated ticket printers (`sim:` paths: the real
 * driver and codec) whose customers take tickets. The heartbeat is an hour: the server keeps
 * history of changes only (an unchanged live heartbeat just refreshes `lastSeen`), so with it
 * every status the agent produces is a change and must become a history row.
 */
export function writeSimAgentConfig(site: ChaosSite, name: string, branch: string, credentials: { username: string; password: string }, mqttUrl: string, count: number, extra: Record<string, unknown> = {}): { file: string; bufferPath: string; deviceIds: string[] } {
  const deviceIds = Array.from({ length: count }, (_, i) => `${branch}-tp${i}`);
  const bufferPath = path.join(site.dir, `${name}-buffer`);
  const config = {
    branch,
    mqtt: { url: mqttUrl, username: credentials.username, password: credentials.password },
    bufferPath,
    logLevel: 'info',
    simulate: { autoplay: true },
    devices: deviceIds.map((id) => ({ id, kind: 'ticket-printer', transport: { type: 'serial', path: `sim:${id}` }, settings: { pollIntervalMs: 250, heartbeatIntervalMs: 3_600_000 } })),
    ...extra,
  };
  const file = path.join(site.dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return { file, bufferPath, deviceIds };
}

/** `node dist/apps/edge-agent/src/main.js --config FILE`; resolved once started (and connected, if asked). */
export async function startAgent(site: ChaosSite, name: string, configFile: string, waitFor: 'connected' | 'started' = 'connected', env: Record<string, string | undefined> = {}): Promise<ChildProgram> {
  const agent = site.track(site.group.node(name, 'agent', { args: ['--config', configFile], env: { LOG_LEVEL: 'info', ...env } }));
  await agent.waitForMsg('agent starting', 20_000);
  if (waitFor === 'connected') await agent.waitForMsg('connected to the centre', 20_000);
  return agent;
}

/** A suite's site with its central server: built, created and started before the suite's tests, closed after them. */
export function withCentralSite(started: (site: ChaosSite) => void): void {
  let site: ChaosSite | undefined;
  beforeAll(async () => {
    await ensureBuilt();
    site = await ChaosSite.create();
    await site.startCentral();
    started(site);
  }, 240_000);
  afterAll(async () => {
    await site?.close();
  });
}
