import fc from 'fast-check';
import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';
import { CentralRuntime } from '../../../apps/central-server/src/central.runtime';
import { CENTRAL_BROKER_USERNAME } from '../../../apps/central-server/src/mqtt/embedded-broker';
import { heapUsedAfterGc } from '../support/heap';
import { deepInside, hostileJson, nearMiss } from '../support/hostile-json';
import { networkRuns } from '../support/fuzz-runs';
import { agentBirth, agentEvent, agentHealth, commandResult, deviceEvent, deviceStatus } from '../support/valid-payloads';

/**
 * A real central server (SQLite, embedded broker) receives generated hostile payloads on every
 * topic it subscribes to, from an authenticated agent of one branch (and, for the instances'
 * event bus, from a peer with the centre's own broker login), while a canary agent of another
 * branch keeps publishing. Counts (each a real QoS 1 publish):
 * - FLOOD_MESSAGES (12,000) payloads pipelined over the seven topics, then the canary must still
 *   be ingested within CANARY_WAIT_MS and the heap must not have grown by more than HEAP_BOUND;
 * - BATCH_RUNS (150) property runs of up to 20 payloads each followed by one canary status, which
 *   must be live within CANARY_WAIT_MS: a failure shrinks to the smallest batch that stalls ingest;
 * - DEEP_RUNS (20) valid events whose `data` nests 5,000-30,000 levels deep, each followed by the canary.
 */
const FLOOD_MESSAGES = networkRuns(12_000);
const BATCH_RUNS = networkRuns(150);
const DEEP_RUNS = networkRuns(20);
const CANARY_WAIT_MS = 15_000;
const HEAP_BOUND = 48 * 1024 * 1024;
const PUBACK_WAIT_MS = 10_000;
/** Generous: two cores shared with other suites; the bounded waits above fail first with a reason. */
const TEST_TIMEOUT_MS = 600_000;

const stamp = Date.now().toString(36);
const HOSTILE = `FZ-H-${stamp}`;
const CANARY = `FZ-C-${stamp}`;
const CANARY_DEVICE = `${CANARY}-TP1`;
const DEVICE_IDS = [`${HOSTILE}-TP1`, `${HOSTILE}-LB1`, 'x', 'A'.repeat(64)];

type Target = { name: string; topic: fc.Arbitrary<string>; valid: fc.Arbitrary<Record<string, unknown>>; peer?: boolean };

// Only ids the broker's ACL lets through: a topic with a malformed id disconnects the publisher there.
const deviceId = fc.constantFrom(...DEVICE_IDS);
const onDevice = (topic: (branch: string, device: string) => string) => deviceId.map((device) => topic(HOSTILE, device));
const TARGETS: Target[] = [
  { name: 'agent state', topic: fc.constant(Topics.agentState(HOSTILE)), valid: agentBirth },
  { name: 'agent health', topic: fc.constant(Topics.agentHealth(HOSTILE)), valid: agentHealth },
  { name: 'agent event', topic: fc.constant(Topics.agentEvent(HOSTILE)), valid: agentEvent },
  { name: 'device status', topic: onDevice(Topics.deviceStatus), valid: deviceStatus },
  { name: 'device event', topic: onDevice(Topics.deviceEvent), valid: deviceEvent },
  { name: 'command result', topic: onDevice(Topics.deviceCmdResult), valid: commandResult },
  { name: 'central events', topic: fc.constant(Topics.centralEvents()), valid: fc.record({ origin: fc.uuid(), event: fc.record({ type: fc.string() }) }), peer: true },
];

/** One hostile publish: a topic of a target and a payload that is garbage, a near miss or valid. */
const hostileMessage = fc.constantFrom(...TARGETS).chain((target) =>
  fc.record({
    peer: fc.constant(target.peer === true),
    topic: target.topic,
    payload: fc.oneof(hostileJson, nearMiss(target.valid), target.valid.map((value) => JSON.stringify(value))),
  }),
);

describe('central server under hostile MQTT payloads', () => {
  let central: TestCentral;
  let hostile: TestAgent;
  let canary: TestAgent;
  let peer: MqttClient;
  let canaryCount = 0;

  beforeAll(async () => {
    central = await new TestCentral().start();
    hostile = await TestAgent.connect(central.mqttUrl, HOSTILE, await central.branch(HOSTILE));
    canary = await TestAgent.connect(central.mqttUrl, CANARY, await central.branch(CANARY));
    await canary.birth([{ id: CANARY_DEVICE, kind: 'ticket-printer' }]);
    // A peer instance speaks with the centre's own broker login (the only one allowed on central topics).
    const runtime: unknown = central.server.app.get(CentralRuntime);
    const broker = (runtime as { broker: { centralSecret: string } }).broker;
    peer = await mqtt.connectAsync(central.mqttUrl, { protocolVersion: 4, username: CENTRAL_BROKER_USERNAME, password: broker.centralSecret, reconnectPeriod: 0 });
    await canaryIsLive();
  });

  afterAll(async () => {
    await peer?.endAsync(true);
    await hostile?.end();
    await canary?.end();
    await central?.stop();
  });

  /** Publishes a canary status and waits until the API serves it as the device's live state. */
  async function canaryIsLive(): Promise<void> {
    canaryCount += 1;
    const expected = canaryCount;
    await canary.status(CANARY_DEVICE, printerStatus('ok', expected));
    await eventually(
      async () => {
        const response = await central.admin.get(`/api/devices/${CANARY_DEVICE}`);
        const live = { status: response.status, ticketsPrinted: response.body?.counters?.ticketsPrinted };
        if (live.status !== 200 || live.ticketsPrinted !== expected) {
          throw new Error(`canary status ${expected} not live within ${CANARY_WAIT_MS} ms: the API serves ${JSON.stringify(live)} (ingest stalled)`);
        }
      },
      CANARY_WAIT_MS,
      100,
    );
  }

  /** A QoS 1 publish that must be acknowledged in time: a stalled broker fails with a reason, not a runner timeout. */
  async function publish(message: { peer: boolean; topic: string; payload: string }): Promise<void> {
    const client = message.peer ? peer : hostile.client;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no PUBACK within ${PUBACK_WAIT_MS} ms on ${message.topic} (connected: ${client.connected})`)), PUBACK_WAIT_MS);
    });
    try {
      await Promise.race([client.publishAsync(message.topic, message.payload, { qos: 1 }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  it(`keeps ingesting the canary and keeps its heap flat through ${FLOOD_MESSAGES} hostile payloads`, async () => {
    const messages = fc.sample(hostileMessage, { numRuns: FLOOD_MESSAGES, seed: 20261129 });
    // Warm-up: the first messages create the hostile branch's devices and fill caches.
    for (const message of messages.slice(0, 500)) await publish(message);
    await canaryIsLive();
    const before = await heapUsedAfterGc();
    for (let at = 500; at < messages.length; at += 200) await Promise.all(messages.slice(at, at + 200).map(publish));
    await canaryIsLive();
    const after = await heapUsedAfterGc();
    expect(hostile.client.connected).toBe(true);
    expect((await central.http.get('/api/health')).status).toBe(200);
    expect({ heapGrowthMb: Math.round((after - before) / 2 ** 20) }).toEqual({ heapGrowthMb: expect.any(Number) });
    expect(after - before).toBeLessThan(HEAP_BOUND);
  }, TEST_TIMEOUT_MS);

  it(`ingests the canary after every batch of hostile payloads (${BATCH_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileMessage, { minLength: 1, maxLength: 20 }), async (batch) => {
        for (const message of batch) await publish(message);
        await canaryIsLive();
      }),
      { numRuns: BATCH_RUNS, endOnFailure: true },
    );
    // Every canary status was stored: none lost while the hostile branch was being rejected.
    const history = await central.admin.get(`/api/devices/${CANARY_DEVICE}/history`);
    const stored = new Set((history.body.statuses as Array<{ counters: { ticketsPrinted: number } }>).map((s) => s.counters.ticketsPrinted));
    const missing = Array.from({ length: canaryCount }, (_, i) => i + 1).filter((n) => !stored.has(n));
    expect(missing).toEqual([]);
  }, TEST_TIMEOUT_MS);

  // Issue defect 1 (poison row): fixed in the ingest batcher by another branch. Until that fix
  // is merged this test fails: one such event stops every branch's writes.
  it(`ingests the canary after valid events whose data nests thousands deep (${DEEP_RUNS} runs; needs the ingest poison-row fix)`, async () => {
    const deepEvent = fc.oneof(
      fc.record({ peer: fc.constant(false), topic: fc.constant(Topics.agentEvent(HOSTILE)), payload: deepInside(agentEvent, 'data') }),
      fc.record({ peer: fc.constant(false), topic: onDevice(Topics.deviceEvent), payload: deepInside(deviceEvent, 'data') }),
    );
    await fc.assert(
      fc.asyncProperty(deepEvent, async (message) => {
        await publish(message);
        await canaryIsLive();
      }),
      { numRuns: DEEP_RUNS, endOnFailure: true },
    );
  }, TEST_TIMEOUT_MS);
});
