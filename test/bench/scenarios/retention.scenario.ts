/**
 * Retention: the cost of one pass of the history retention job. `history` rows of status
 * history all older than the retention are written straight into the database; the server
 * started on it deletes them in batches. Measured: the pass's time and rows/s (from the
 * server's own metrics), its CPU, and what a request that needs the database (`/api/health`
 * runs a query, in the same SQLite queue as the ingest's writes) waits during the pass beside
 * the same request after it (the baseline).
 */
import { ProcessGroup } from '../../support/processes';
import { cpuSeconds, startCentral, until } from '../bench-harness';
import { seedFleet } from '../tools/seed-fleet';
import { HttpClient } from '../../support/http-client';
import { Latency, latency, migratedSqlite } from './scale.scenario';

export interface RetentionCase {
  devices: number;
  history: number;
}

export interface RetentionResult extends RetentionCase {
  deleted: number;
  passSeconds: number;
  rowsPerSecond: number;
  centralCpuSeconds: number;
  healthDuringPass: Latency;
  healthAfter: Latency;
}

async function metric(http: HttpClient, pattern: RegExp): Promise<number> {
  const text = (await http.get('/metrics')).text;
  return Number(pattern.exec(text)?.[1] ?? 0);
}

export async function retentionCase(c: RetentionCase): Promise<RetentionResult> {
  const group = new ProcessGroup();
  try {
    const file = await migratedSqlite(group);
    // Ten days of history, 31 to 41 days old: all of it past the 30-day retention.
    await seedFleet(file, { branches: Math.ceil(c.devices / 10), devices: c.devices, history: c.history, historyDays: 10, historyAgeDays: 31, now: Date.now() });
    const server = await startCentral(group, 'embedded', { engine: 'sqlite', url: `sqlite:${file}`, path: file }, { HISTORY_RETENTION_DAYS: '30' });
    const cpuBefore = cpuSeconds(server.program.pid);
    const deleted = /lobby_history_rows_deleted_total\{table="device_status"\} (\d+)/;
    const during: Latency[] = [];
    let done = false;
    const passes = /lobby_history_retention_pass_seconds_count (\d+)/;
    const finished = until(async () => (done = (await metric(server.http, passes)) >= 1), 30 * 60_000, 'a retention pass', 200);
    while (!done) during.push(await latency(server.http, '/api/health', 20));
    await finished;
    const centralCpuSeconds = cpuSeconds(server.program.pid) - cpuBefore;
    const passSeconds = await metric(server.http, /lobby_history_retention_pass_seconds_sum (\S+)/);
    const rows = await metric(server.http, deleted);
    const healthAfter = await latency(server.http, '/api/health', 200);
    await server.close();
    const worst = (k: keyof Latency) => Math.max(...during.map((l) => l[k]), 0);
    return {
      ...c,
      deleted: rows,
      passSeconds: Math.round(passSeconds * 100) / 100,
      rowsPerSecond: Math.round(rows / passSeconds),
      centralCpuSeconds: Math.round(centralCpuSeconds * 10) / 10,
      healthDuringPass: { p50: during.length ? during.map((l) => l.p50).sort((a, b) => a - b)[Math.floor(during.length / 2)] : NaN, p99: worst('p99'), max: worst('max') },
      healthAfter,
    };
  } finally {
    await group.killAll();
  }
}
