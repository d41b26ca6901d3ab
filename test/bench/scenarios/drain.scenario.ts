/**
 * Drain: one edge agent comes back with `statuses` statuses in its disk buffer and sends them.
 * The buffer is written beforehand by the agent's own buffer class (`tools/fill-agent-buffer.ts`),
 * then the built agent (`node dist/apps/edge-agent/src/main.js --config FILE`, as
 * `npm run start:agent` starts it) is started on it against a broker where a bare mqtt.js
 * subscriber counts what arrives and checks every seq arrives once. The subscriber stands in for
 * the centre: it keeps the centre's retained state (online) on the broker, so the agent starts
 * sending as soon as it has subscribed, as it does with a central server running.
 * Baseline, same run and broker: a bare mqtt.js publisher sending the same statuses (same topics
 * and payloads) with the same number in flight, nothing read from disk.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, ProcessGroup } from '../../support/processes';
import { startMosquitto } from '../../support/mosquitto';
import { agentNodeFlags, Broker, cpuSeconds, nodeProgram, peakRssMb, rssMb, waitForJson } from '../bench-harness';
import type { FillPlan, FillResult } from '../tools/fill-agent-buffer';
import type { WindowPlan } from '../tools/window-publisher';

export interface DrainCase {
  statuses: number;
  /** Ticket printers the statuses take turns over. */
  devices: number;
}

export interface DrainResult extends DrainCase {
  broker: Broker;
  /** Node flags the agent was started with: the shipped unit's, or `BENCH_AGENT_NODE_FLAGS`. */
  agentNodeFlags: string;
  /** The agent's in-order sender keeps this many unacknowledged (`OutboxSender`'s window). */
  window: number;
  bufferMaxBytes: number;
  bufferMb: number;
  fillSeconds: number;
  /** Process start until the agent logs `agent starting` (its buffer opened and indexed). */
  startToReadySeconds: number;
  /** Until it logs `sending buffered messages` (connected, subscribed, the centre heard online). */
  startToSendingSeconds: number;
  /** From `sending buffered messages` until the subscriber has every seq. */
  drainSeconds: number;
  agentPerSecond: number;
  baselinePerSecond: number;
  /** agent / baseline statuses per second. */
  ratio: number;
  agentPeakRssMb: number;
  agentRssAfterMb: number;
  agentCpuSeconds: number;
  agentDrainCpuSeconds: number;
  received: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  /** `buffered` in the agent's `agent stopped` line after a clean stop (0: nothing left to re-send). */
  bufferedAfterStop: number | undefined;
  baselineDuplicates: number;
}

interface SubscriberReport {
  count: number;
  firstAt: number;
  lastAt: number;
  unique: number;
  missing: number;
  duplicates: number;
  unexpected: number;
}

/** The default window of `OutboxSender`, which the agent's publisher uses. */
const WINDOW = 8;
/** Room for every status without dropping (~330 bytes a line); never below the agent's default. */
const maxBytesFor = (statuses: number) => Math.max(50 * 1024 * 1024, statuses * 512);
const DRAIN_TIMEOUT_MS = 60 * 60_000;
const run = Date.now().toString(36).slice(-5);

async function startBroker(group: ProcessGroup, broker: Broker): Promise<string> {
  if (broker === 'mosquitto') return (await startMosquitto(group)).url;
  const bare = nodeProgram(group, 'bare-broker', 'test/bench/tools/bare-broker.js', {});
  return `mqtt://127.0.0.1:${(await waitForJson<{ port: number }>(bare, 'port', 10_000)).port}`;
}

async function startSubscriber(group: ProcessGroup, url: string, expect: number, centreOnline: boolean) {
  const program = nodeProgram(group, 'subscriber', 'test/bench/tools/bare-subscriber.js', { BENCH_URL: url, BENCH_EXPECT: String(expect), BENCH_SEQS: '1', BENCH_CENTRAL_ONLINE: centreOnline ? '1' : undefined }, true);
  await waitForJson(program, 'ready', 10_000);
  return { program, report: waitForJson<SubscriberReport>(program, 'lastAt', DRAIN_TIMEOUT_MS) };
}

async function baseline(group: ProcessGroup, url: string, c: DrainCase): Promise<{ perSecond: number; duplicates: number }> {
  const subscriber = await startSubscriber(group, url, c.statuses, false);
  const plan: WindowPlan = { url, branch: `DB${run}`, devices: c.devices, statuses: c.statuses, window: WINDOW };
  const publisher = nodeProgram(group, 'window-publisher', 'test/bench/tools/window-publisher.js', { BENCH_PUBLISH: JSON.stringify(plan) });
  const [sent, seen] = await Promise.all([waitForJson<{ startedAt: number }>(publisher, 'sent', DRAIN_TIMEOUT_MS), subscriber.report]);
  if (seen.missing > 0) throw new Error(`baseline: the subscriber missed ${seen.missing} statuses`);
  return { perSecond: c.statuses / ((seen.lastAt - sent.startedAt) / 1000), duplicates: seen.duplicates };
}

async function fillBuffer(group: ProcessGroup, plan: FillPlan): Promise<FillResult> {
  const filler = nodeProgram(group, 'fill', 'test/bench/tools/fill-agent-buffer.js', { BENCH_FILL: JSON.stringify(plan) });
  const result = await waitForJson<FillResult>(filler, 'filled', DRAIN_TIMEOUT_MS);
  if (result.filled !== plan.statuses) throw new Error(`the buffer holds ${result.filled} of ${plan.statuses} statuses (${result.dropped} dropped)`);
  return result;
}

/** Peak resident memory seen by polling (VmHWM is read too: it catches what falls between polls). */
function watchMemory(pid: number | undefined): { peakMb(): number; stop(): void } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process has just exited
    }
  }, 100);
  return { peakMb: () => Math.max(peak, peakRssMb(pid)), stop: () => clearInterval(timer) };
}

async function drainAgent(group: ProcessGroup, url: string, c: DrainCase, dir: string) {
  const branch = `DA${run}`;
  const bufferPath = join(dir, 'buffer');
  const bufferMaxBytes = maxBytesFor(c.statuses);
  const fillStarted = Date.now();
  const fill = await fillBuffer(group, { bufferPath, branch, devices: c.devices, statuses: c.statuses, maxBytes: bufferMaxBytes });
  const fillSeconds = (Date.now() - fillStarted) / 1000;
  // No devices: every status it sends comes from the buffer. The bench broker takes any
  // credentials (anonymous allowed), so these are sent but not checked.
  const config = { branch, mqtt: { url, username: `agent-${branch}`, password: 'bench-agent-password' }, bufferPath, bufferMaxBytes, logLevel: 'info', devices: [] };
  const configFile = join(dir, 'agent.json');
  writeFileSync(configFile, JSON.stringify(config));
  const subscriber = await startSubscriber(group, url, c.statuses, true);
  const startedAt = Date.now();
  const agent = nodeProgram(group, 'agent', 'apps/edge-agent/src/main.js', { LOG_LEVEL: 'info' }, false, ['--config', configFile]);
  const memory = watchMemory(agent.pid);
  const sending = await agent.waitForMsg('sending buffered messages', 10 * 60_000);
  const cpuAtSending = cpuSeconds(agent.pid);
  // Done when every seq has arrived, or a few seconds after the agent says its backlog is sent.
  const live = agent.waitForMsg('backlog sent: live', DRAIN_TIMEOUT_MS).then(
    () => delay(5000).then(() => subscriber.program.running && subscriber.program.send('report')),
    () => undefined,
  );
  const seen = await subscriber.report;
  const cpu = cpuSeconds(agent.pid);
  const agentPeakRssMb = memory.peakMb();
  const agentRssAfterMb = rssMb(agent.pid);
  memory.stop();
  await agent.stop('SIGTERM', 60_000);
  await live;
  const at = (msg: string) => Date.parse(String(agent.find((line) => line.msg === msg)?.ts));
  const sendingAt = Date.parse(String(sending.ts));
  const drainSeconds = (seen.lastAt - sendingAt) / 1000;
  return {
    bufferMaxBytes,
    bufferMb: Math.round(fill.bytes / 1024 / 1024),
    fillSeconds,
    startToReadySeconds: (at('agent starting') - startedAt) / 1000,
    startToSendingSeconds: (sendingAt - startedAt) / 1000,
    drainSeconds,
    agentPerSecond: seen.unique / drainSeconds,
    agentPeakRssMb,
    agentRssAfterMb,
    agentCpuSeconds: cpu,
    agentDrainCpuSeconds: cpu - cpuAtSending,
    received: seen.count,
    missing: seen.missing,
    duplicates: seen.duplicates,
    unexpected: seen.unexpected,
    bufferedAfterStop: agent.find((line) => line.msg === 'agent stopped')?.buffered as number | undefined,
  };
}

export async function drainCase(broker: Broker, c: DrainCase): Promise<DrainResult> {
  const group = new ProcessGroup();
  const dir = mkdtempSync(join(tmpdir(), 'lobby-bench-drain-'));
  try {
    const url = await startBroker(group, broker);
    const base = await baseline(group, url, c);
    const measured = await drainAgent(group, url, c, dir);
    return { broker, agentNodeFlags: agentNodeFlags(), ...c, window: WINDOW, ...measured, baselinePerSecond: base.perSecond, ratio: measured.agentPerSecond / base.perSecond, baselineDuplicates: base.duplicates };
  } finally {
    await group.killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}
