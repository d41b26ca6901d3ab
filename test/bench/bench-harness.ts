/**
 * What every benchmark scenario needs: the built programs started as separate processes (the
 * central server as `npm run start:central` starts it, the load publisher, the baseline broker and
 * subscriber), their memory and CPU from /proc, and the stored-row count read from the database.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { Database } from 'sqlite3';
import { ChildProgram, delay, freePorts, ProcessGroup } from '../support/processes';
import { HttpClient } from '../support/http-client';
import type { LoadPlan, LoadResult } from './tools/load-publisher';

/** The repository root, from `dist/test/bench`. */
export const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist');
export const ADMIN_PASSWORD = 'bench-admin-password';

export type Broker = 'embedded' | 'mosquitto';
export type Engine = 'sqlite' | 'postgres';

/** The programs `BENCH_CPU_PROF` profiles: what the scenarios measure, not their tools. */
const PROFILED = new Set(['central', 'agent']);

/**
 * The node flags the shipped systemd unit starts the edge agent with (docs/operations.md): V8
 * favours memory over speed, which keeps a draining agent under 150 MB (docs/benchmarks.md, "Drain").
 */
export const SHIPPED_AGENT_NODE_FLAGS = '--optimize-for-size';

/** The agent's node flags in this run: `BENCH_AGENT_NODE_FLAGS` (`''` for none), else the shipped ones. */
export const agentNodeFlags = (): string => process.env.BENCH_AGENT_NODE_FLAGS ?? SHIPPED_AGENT_NODE_FLAGS;

/**
 * `BENCH_CPU_PROF=DIR` profiles the central server and the edge agent (`node --cpu-prof`) into DIR.
 * The edge agent starts with the shipped unit's node flags, or `BENCH_AGENT_NODE_FLAGS` (`''`: none);
 * `BENCH_CENTRAL_NODE_FLAGS` adds node flags to the central server (a heap limit, a heap snapshot).
 */
export function nodeProgram(group: ProcessGroup, name: string, file: string, env: Record<string, string | undefined>, stdin = false, args: string[] = []): ChildProgram {
  const profile = PROFILED.has(name) && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const flags = (name === 'agent' ? agentNodeFlags() : name === 'central' ? (process.env.BENCH_CENTRAL_NODE_FLAGS ?? '') : '').split(' ').filter(Boolean);
  return group.start(name, process.execPath, { args: [...profile, ...flags, path.join(DIST, file), ...args], env, cwd: ROOT, stdin });
}

export async function waitForJson<T>(program: ChildProgram, key: string, timeoutMs: number): Promise<T> {
  return (await program.waitForLog((line) => key in line, `a line with "${key}"`, timeoutMs)) as T;
}

export interface CentralHandle {
  program: ChildProgram;
  http: HttpClient;
  token: string;
  mqttUrl: string;
  /** When `/api/health` first answered 200 (epoch ms): before the admin's login, which may wait on start-up work. */
  readyAt: number;
  countStored(): Promise<number>;
  close(): Promise<void>;
}

/** The central server as its own process, on free ports, with a database of its own. */
export async function startCentral(group: ProcessGroup, broker: Broker, database: { engine: Engine; url: string; path?: string }, env: Record<string, string> = {}, externalUrl?: string): Promise<CentralHandle> {
  const [httpPort, mqttPort] = await freePorts(2);
  const dir = mkdtempSync(path.join(tmpdir(), 'lobby-bench-'));
  writeFileSync(path.join(dir, 'fleet.yaml'), 'branches: []\n');
  const program = nodeProgram(group, 'central', 'apps/central-server/src/main.js', {
    HTTP_PORT: String(httpPort),
    HTTP_HOST: '127.0.0.1',
    MQTT_PORT: broker === 'embedded' ? String(mqttPort) : undefined,
    MQTT_URL: broker === 'mosquitto' ? externalUrl : undefined,
    // On an external broker as operations.md deploys it: a persistent session, so a reconnect loses nothing queued.
    MQTT_CLIENT_ID: broker === 'mosquitto' ? `bench-central-${httpPort}` : undefined,
    DATABASE_URL: database.url,
    ADMIN_PASSWORD,
    FLEET_FILE: path.join(dir, 'fleet.yaml'),
    LOG_LEVEL: 'warn',
    ...env,
  });
  const http = new HttpClient(`http://127.0.0.1:${httpPort}`);
  const readyAt = await until(async () => (await http.get('/api/health').catch(() => ({ status: 0 }))).status === 200, 60_000, 'central server ready');
  const login = await http.post<{ token: string }>('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const admin = http.withToken(login.body.token);
  const count = rowCounter(database);
  return {
    program,
    http: admin,
    token: login.body.token,
    mqttUrl: broker === 'embedded' ? `mqtt://127.0.0.1:${mqttPort}` : externalUrl!,
    readyAt,
    countStored: () => count.count(),
    close: async () => {
      await count.close();
      await program.stop('SIGTERM', 30_000).catch(() => undefined);
    },
  };
}

/** Creates branches and, for the embedded broker, their agents' credentials through the API. */
export async function createAgents(central: CentralHandle, prefix: string, count: number, withCredentials: boolean): Promise<LoadPlan['agents']> {
  const agents: LoadPlan['agents'] = [];
  for (let a = 0; a < count; a++) {
    const branch = `${prefix}-${a}`;
    const created = await central.http.post('/api/branches', { id: branch, name: `Bench ${branch}` });
    if (created.status !== 201) throw new Error(`POST /api/branches ${created.status} ${created.text}`);
    if (!withCredentials) {
      agents.push({ branch });
      continue;
    }
    const credentials = await central.http.post<{ username: string; password: string }>(`/api/branches/${branch}/agent-credentials`);
    if (credentials.status !== 201) throw new Error(`agent-credentials ${credentials.status} ${credentials.text}`);
    agents.push({ branch, ...credentials.body });
  }
  return agents;
}

/** Starts the load publisher; resolves once its clients are connected and births are out. */
export async function startLoad(group: ProcessGroup, plan: LoadPlan): Promise<{ go(): void; done: Promise<LoadResult>; program: ChildProgram }> {
  const program = nodeProgram(group, 'load', 'test/bench/tools/load-publisher.js', { BENCH_LOAD: JSON.stringify(plan) }, !plan.autostart);
  await waitForJson(program, 'ready', 60_000);
  return {
    program,
    go: () => program.send('go'),
    done: waitForJson<LoadResult>(program, 'sent', 30 * 60_000),
  };
}

interface RowCounter {
  count(): Promise<number>;
  close(): Promise<void>;
}

function rowCounter(database: { engine: Engine; url: string; path?: string }): RowCounter {
  const sql = 'SELECT COUNT(*) AS n FROM device_status';
  if (database.engine === 'postgres') {
    const client = new Client({ connectionString: database.url });
    const connected = client.connect();
    return {
      count: async () => {
        await connected;
        const result = await client.query<{ n: string }>(sql);
        return Number(result.rows[0].n);
      },
      close: () => client.end(),
    };
  }
  const db = new Database(database.path!);
  db.configure('busyTimeout', 5000);
  return {
    count: () => new Promise((resolve, reject) => db.get<{ n: number }>(sql, (error, row) => (error ? reject(error) : resolve(row.n)))),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

/** Polls `check` until true; an error naming `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 100): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now();
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await delay(everyMs);
  }
}

/** Resident memory of a process in MB (from /proc). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** The most resident memory a process has had so far in MB (`VmHWM` in /proc). */
export function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function quantiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}
