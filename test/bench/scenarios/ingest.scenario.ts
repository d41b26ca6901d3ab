/**
 * Ingest: the same load twice on the same broker, first to a bare mqtt.js subscriber that only
 * counts (the baseline: what the broker and the client library can carry), then to the central
 * server, timed until every status is validated, applied, evaluated and stored.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { freshPostgresDatabase } from '../../support/services';
import { ProcessGroup } from '../../support/processes';
import { startMosquitto } from '../../support/mosquitto';
import { Broker, createAgents, cpuSeconds, Engine, nodeProgram, rssMb, startCentral, startLoad, until, waitForJson } from '../bench-harness';
import { LoadPlan, planChanges } from '../tools/load-publisher';

export interface IngestCase {
  broker: Broker;
  engine: Engine;
  mode: LoadPlan['mode'];
  agents: number;
  devicesPerAgent: number;
  statusesPerDevice: number;
}

export interface IngestResult extends IngestCase {
  statuses: number;
  baselinePerSecond: number;
  centralPerSecond: number;
  ratio: number;
  centralSeconds: number;
  centralRssMb: number;
  centralCpuSeconds: number;
}

const run = `${Date.now().toString(36).slice(-5)}`;

async function baseline(group: ProcessGroup, c: IngestCase, prefix: string): Promise<number> {
  let url = c.broker === 'mosquitto' ? (await startMosquitto(group)).url : '';
  if (c.broker === 'embedded') {
    const broker = nodeProgram(group, 'bare-broker', 'test/bench/tools/bare-broker.js', {});
    url = `mqtt://127.0.0.1:${(await waitForJson<{ port: number }>(broker, 'port', 10_000)).port}`;
  }
  const total = c.agents * c.devicesPerAgent * c.statusesPerDevice;
  const subscriber = nodeProgram(group, 'baseline', 'test/bench/tools/bare-subscriber.js', { BENCH_URL: url, BENCH_EXPECT: String(total) });
  await waitForJson(subscriber, 'ready', 10_000);
  const agents = Array.from({ length: c.agents }, (_, a) => ({ branch: `${prefix}-${a}` }));
  const load = await startLoad(group, { url, agents, devicesPerAgent: c.devicesPerAgent, statusesPerDevice: c.statusesPerDevice, mode: c.mode });
  load.go();
  const [sent, seen] = await Promise.all([load.done, waitForJson<{ lastAt: number }>(subscriber, 'lastAt', 10 * 60_000)]);
  await group.killAll();
  return total / ((seen.lastAt - sent.startedAt) / 1000);
}

async function central(group: ProcessGroup, c: IngestCase, prefix: string): Promise<Omit<IngestResult, keyof IngestCase | 'baselinePerSecond' | 'ratio'>> {
  const pg = c.engine === 'postgres' ? await freshPostgresDatabase() : undefined;
  const file = join(mkdtempSync(join(tmpdir(), 'lobby-bench-db-')), 'central.sqlite');
  try {
    const external = c.broker === 'mosquitto' ? (await startMosquitto(group)).url : undefined;
    const server = await startCentral(group, c.broker, pg ? { engine: 'postgres', url: pg.url } : { engine: 'sqlite', url: `sqlite:${file}`, path: file }, {}, external);
    const agents = await createAgents(server, prefix, c.agents, c.broker === 'embedded');
    const plan: LoadPlan = { url: server.mqttUrl, agents, devicesPerAgent: c.devicesPerAgent, statusesPerDevice: c.statusesPerDevice, mode: c.mode };
    const load = await startLoad(group, plan);
    const devices = c.agents * c.devicesPerAgent;
    await until(async () => (await server.http.get('/api/devices?limit=1')).body.total >= devices, 60_000, 'births registered');
    const expected = devices * planChanges(plan);
    const cpuBefore = cpuSeconds(server.program.pid);
    load.go();
    const sent = await load.done;
    // A central server that died stores nothing more: stop waiting and say why, not after the timeout.
    let exited = false;
    const doneAt = await until(async () => (exited = !server.program.running) || (await server.countStored()) >= expected, 15 * 60_000, `${expected} statuses stored`, 50);
    if (exited) throw new Error(`the central server exited while ingesting\n${server.program.output()}`);
    const result = {
      statuses: sent.sent,
      centralPerSecond: sent.sent / ((doneAt - sent.startedAt) / 1000),
      centralSeconds: (doneAt - sent.startedAt) / 1000,
      centralRssMb: rssMb(server.program.pid),
      centralCpuSeconds: cpuSeconds(server.program.pid) - cpuBefore,
    };
    await server.close();
    return result;
  } finally {
    await group.killAll();
    await pg?.drop();
  }
}

export async function ingestCase(c: IngestCase): Promise<IngestResult> {
  const group = new ProcessGroup();
  try {
    const tag = `${c.broker[0]}${c.engine[0]}${c.mode[0]}`;
    const baselinePerSecond = await baseline(group, c, `BB${run}${tag}`);
    const measured = await central(group, c, `BC${run}${tag}`);
    return { ...c, ...measured, baselinePerSecond, ratio: measured.centralPerSecond / baselinePerSecond };
  } finally {
    await group.killAll();
  }
}
