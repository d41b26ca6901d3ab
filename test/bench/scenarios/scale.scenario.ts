/**
 * Scale: a fleet of `devices` ticket printers in `branches` branches (and `history` rows of
 * status history) written straight into the central server's SQLite database, then the server
 * started on it: time to ready, resident memory, CPU while idle, and the latency of the fleet
 * overview (branches with their health) and the device list.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, ProcessGroup } from '../../support/processes';
import { cpuSeconds, quantiles, rssMb, startCentral, until } from '../bench-harness';
import { seedFleet } from '../tools/seed-fleet';
import { HttpClient } from '../../support/http-client';

export interface ScaleCase {
  branches: number;
  devices: number;
  history: number;
  requests: number;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface ScaleResult extends ScaleCase {
  seedSeconds: number;
  startToReadyMs: number;
  /** From ready until start-up's background work lets the fleet overview answer within 1 s. */
  readyToSettledMs: number;
  rssMb: number;
  idleCpuPercent: number;
  api: Record<string, Latency>;
}

/** `requests` sequential GETs of `path`: p50, p99 and max in ms. */
export const progress = (line: string): void => void process.stderr.write(`${line}\n`);

export async function latency(http: HttpClient, path: string, requests: number): Promise<Latency> {
  const values: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await http.get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    values.push(performance.now() - started);
  }
  const q = quantiles(values);
  return { p50: Math.round(q.p50 * 10) / 10, p99: Math.round(q.p99 * 10) / 10, max: Math.round(q.max * 10) / 10 };
}

/** A fresh SQLite file with the schema: the server started once on it and stopped. */
export async function migratedSqlite(group: ProcessGroup): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'lobby-bench-db-')), 'central.sqlite');
  const first = await startCentral(group, 'embedded', { engine: 'sqlite', url: `sqlite:${file}`, path: file });
  await first.close();
  return file;
}

export async function scaleCase(c: ScaleCase): Promise<ScaleResult> {
  const group = new ProcessGroup();
  try {
    const file = await migratedSqlite(group);
    progress(`scale: writing ${c.devices} devices, ${c.history} history rows`);
    const seeded = performance.now();
    await seedFleet(file, { branches: c.branches, devices: c.devices, history: c.history, historyDays: 25, now: Date.now() });
    const seedSeconds = (performance.now() - seeded) / 1000;

    progress('scale: starting the central server on that fleet');
    const started = Date.now();
    const server = await startCentral(group, 'embedded', { engine: 'sqlite', url: `sqlite:${file}`, path: file });
    const startToReadyMs = Date.now() - started;
    // Start-up work left running after "ready" (checklists of the day, device sync…): until the
    // fleet overview answers within a second again.
    progress('scale: ready; waiting until the server has settled');
    const settledAt = await until(async () => {
      const t = performance.now();
      await server.http.get('/api/branches?limit=50');
      return performance.now() - t < 1000;
    }, 15 * 60_000, 'fleet overview within 1 s', 500);
    const readyToSettledMs = settledAt - started - startToReadyMs;
    progress(`scale: settled after ${readyToSettledMs} ms; measuring 10 s idle`);
    await delay(2000);
    const cpuBefore = cpuSeconds(server.program.pid);
    const idleFrom = performance.now();
    await delay(10_000);
    const idleCpuPercent = ((cpuSeconds(server.program.pid) - cpuBefore) / ((performance.now() - idleFrom) / 1000)) * 100;
    const rss = rssMb(server.program.pid);
    let api: Record<string, Latency>;
    try {
      api = {
        'branches (fleet overview), first page': await latency(server.http, '/api/branches?limit=50', c.requests),
        'devices, first page': await latency(server.http, '/api/devices?limit=50', c.requests),
        'devices of one branch': await latency(server.http, '/api/devices?branch=SB17&limit=50', c.requests),
        'devices in fault (none)': await latency(server.http, '/api/devices?state=fault&limit=50', c.requests),
      };
    } catch (error) {
      throw new Error(`${(error as Error).message}; central ${server.program.running ? 'running' : 'exited'}:\n${server.program.output().slice(-3000)}`);
    }
    await server.close();
    return { ...c, seedSeconds: Math.round(seedSeconds * 10) / 10, startToReadyMs, readyToSettledMs, rssMb: rss, idleCpuPercent: Math.round(idleCpuPercent * 10) / 10, api };
  } finally {
    await group.killAll();
  }
}
