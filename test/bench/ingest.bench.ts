/**
 * Ingest benchmark (`npm run bench`): agents publish device statuses over real MQTT connections
 * to a real central server as fast as QoS 1 allows; we measure how long until every status is
 * in the database, the ingest lag the server recorded, DB batch sizes and memory. Results are
 * written to bench-results/ingest-<engine>.json. Never a test assertion: machines are noisy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { freshPostgresDatabase, portOpen } from '../support/services';
import { TestCentral } from '../support/test-central';
import { printerStatus, TestAgent } from '../support/test-agent';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 20);
const DEVICES_PER_AGENT = Number(process.env.BENCH_DEVICES ?? 10);
const STATUSES_PER_DEVICE = Number(process.env.BENCH_STATUSES ?? 100);

interface Result {
  engine: string;
  agents: number;
  devices: number;
  statuses: number;
  publishSeconds: number;
  ingestSeconds: number;
  statusesPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  meanBatchRows: number;
  rssMb: number;
  heapUsedMb: number;
}

async function run(engine: 'sqlite' | 'postgres', database: string): Promise<Result> {
  const central = await new TestCentral({ database }).start();
  const agents: TestAgent[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const branch = `BENCH-${a}`;
    const credentials = await central.branch(branch);
    const agent = await TestAgent.connect(central.mqttUrl, branch, credentials);
    await agent.birth(Array.from({ length: DEVICES_PER_AGENT }, (_, d) => ({ id: `${branch}-D${d}`, kind: 'ticket-printer' })));
    agents.push(agent);
  }
  const total = AGENTS * DEVICES_PER_AGENT * STATUSES_PER_DEVICE;
  const started = Date.now();
  await Promise.all(
    agents.map(async (agent) => {
      for (let i = 0; i < STATUSES_PER_DEVICE; i++) {
        await Promise.all(Array.from({ length: DEVICES_PER_AGENT }, (_, d) => agent.status(`${agent.branchId}-D${d}`, printerStatus(i % 50 === 49 ? 'low' : 'ok', i))));
      }
    }),
  );
  const published = Date.now();
  const db = central.server.app.get(DataSource);
  for (;;) {
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM device_status');
    if (Number(n) >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const done = Date.now();
  const metrics = (await central.http.get('/metrics')).text;
  const memory = process.memoryUsage();
  await Promise.all(agents.map((a) => a.end()));
  await central.stop();
  return {
    engine,
    agents: AGENTS,
    devices: AGENTS * DEVICES_PER_AGENT,
    statuses: total,
    publishSeconds: (published - started) / 1000,
    ingestSeconds: (done - started) / 1000,
    statusesPerSecond: Math.round(total / ((done - started) / 1000)),
    lagP50Ms: quantile(metrics, 'lobby_ingest_lag_seconds', 0.5) * 1000,
    lagP99Ms: quantile(metrics, 'lobby_ingest_lag_seconds', 0.99) * 1000,
    meanBatchRows: Math.round(sum(metrics, 'lobby_db_batch_size_sum') / Math.max(1, sum(metrics, 'lobby_db_batch_size_count'))),
    rssMb: Math.round(memory.rss / 2 ** 20),
    heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
  };
}

/** Upper bucket bound at quantile q of a Prometheus histogram (coarse, as Prometheus does). */
function quantile(text: string, name: string, q: number): number {
  const buckets = [...text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm'))].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }));
  const total = buckets.at(-1)?.count ?? 0;
  return buckets.find((b) => b.count >= q * total)?.le ?? NaN;
}

function sum(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\S+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

async function main(): Promise<void> {
  mkdirSync('bench-results', { recursive: true });
  const results: Result[] = [await run('sqlite', 'sqlite')];
  if (await portOpen('127.0.0.1', 5432)) {
    const db = await freshPostgresDatabase();
    try {
      results.push(await run('postgres', db.url));
    } finally {
      await db.drop();
    }
  }
  const stamp = new Date().toISOString();
  for (const result of results) writeFileSync(`bench-results/ingest-${result.engine}.json`, `${JSON.stringify({ at: stamp, ...result }, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
