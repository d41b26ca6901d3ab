/**
 * A load generator process for the benchmarks: connects one MQTT client per agent (as a real
 * agent does, with its own credentials and client id), announces its devices, then publishes
 * device statuses at QoS 1. Configured by the JSON in BENCH_LOAD; prints one JSON line with
 * its timings when every publish is acknowledged.
 */
import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';

export interface LoadPlan {
  url: string;
  agents: { branch: string; username?: string; password?: string }[];
  devicesPerAgent: number;
  statusesPerDevice: number;
  /** flood: every status a change; mix: the counter moves on one status in `changeEvery`. */
  mode: 'flood' | 'mix';
  changeEvery?: number;
  /** Total statuses per second across agents; unset: as fast as QoS 1 allows. */
  rate?: number;
  /** Publish without waiting for the go line on stdin. */
  autostart?: boolean;
}

export interface LoadResult {
  sent: number;
  startedAt: number;
  finishedAt: number;
}

const deviceId = (branch: string, d: number) => `${branch}-D${d}`;

/** The status of device `d` at step `i` (ticket counter moving as the plan says). */
export function planStatus(plan: Pick<LoadPlan, 'mode' | 'changeEvery'>, i: number): Record<string, unknown> {
  const counter = plan.mode === 'flood' ? i : Math.floor(i / (plan.changeEvery ?? 10));
  return {
    kind: 'ticket-printer',
    link: 'up',
    state: 'ok',
    faults: [],
    consumables: { paper: { level: 'ok' } },
    counters: { ticketsPrinted: 1000 + counter },
  };
}

/** Rows of history the plan produces per device (a status is stored when it changes something). */
export function planChanges(plan: LoadPlan): number {
  return plan.mode === 'flood' ? plan.statusesPerDevice : Math.ceil(plan.statusesPerDevice / (plan.changeEvery ?? 10));
}

async function connect(url: string, agent: LoadPlan['agents'][number]): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    protocolVersion: 4,
    username: agent.username,
    password: agent.password,
    clientId: `agent-${agent.branch}`,
    reconnectPeriod: 1000,
    clean: true,
  });
}

async function publishAgent(client: MqttClient, plan: LoadPlan, branch: string, seqStart: number, pace: () => Promise<void>): Promise<number> {
  let seq = seqStart;
  let sent = 0;
  for (let i = 0; i < plan.statusesPerDevice; i++) {
    const batch: Promise<unknown>[] = [];
    for (let d = 0; d < plan.devicesPerAgent; d++) {
      await pace();
      const payload = { seq: ++seq, ts: new Date().toISOString(), ...planStatus(plan, i) };
      batch.push(client.publishAsync(Topics.deviceStatus(branch, deviceId(branch, d)), JSON.stringify(payload), { qos: 1 }));
      sent++;
    }
    await Promise.all(batch);
  }
  return sent;
}

/** A token bucket shared by all agents: at most `rate` publishes per second overall. */
function pacer(rate: number | undefined): () => Promise<void> {
  if (!rate) return () => Promise.resolve();
  const started = Date.now();
  let issued = 0;
  return async () => {
    issued++;
    const due = started + (issued / rate) * 1000;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_LOAD ?? '{}') as LoadPlan;
  const clients = await Promise.all(plan.agents.map((agent) => connect(plan.url, agent)));
  const bootId = `bench-${Date.now().toString(36)}`;
  await Promise.all(
    clients.map((client, a) => {
      const branch = plan.agents[a].branch;
      const devices = Array.from({ length: plan.devicesPerAgent }, (_, d) => ({ id: deviceId(branch, d), kind: 'ticket-printer' }));
      const birth = { online: true, seq: 1, bootId, ts: new Date().toISOString(), agentVersion: 'bench', devices };
      return client.publishAsync(Topics.agentState(branch), JSON.stringify(birth), { qos: 1, retain: true });
    }),
  );
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  if (!plan.autostart) await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const pace = pacer(plan.rate);
  const startedAt = Date.now();
  const counts = await Promise.all(clients.map((client, a) => publishAgent(client, plan, plan.agents[a].branch, 1, pace)));
  const result: LoadResult = { sent: counts.reduce((a, b) => a + b, 0), startedAt, finishedAt: Date.now() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await Promise.all(clients.map((client) => client.endAsync()));
  process.exit(0);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`load publisher failed: ${(error as Error).stack}\n`);
    process.exit(1);
  });
}
