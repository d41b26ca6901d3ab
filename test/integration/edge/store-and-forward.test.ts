import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentConfig, Topics } from '@lobby/contracts';
import { EdgeAgent } from '@lobby/edge';
import { JsonLogger } from '@lobby/platform';
import { fakeModules, FakeDeviceDriver } from '../../../libs/edge/src/testing/fake-device.driver';
import { eventuallyFound } from '@lobby/runtime';
import { Collector, Received, TestBroker } from './broker.harness';

jest.setTimeout(60_000);

const BRANCH = 'b1';
const FILTERS = ['lobby/v1/+/device/+/status', 'lobby/v1/+/device/+/event', 'lobby/v1/+/device/+/cmd/result', 'lobby/v1/+/agent/#'];
const quiet = new JsonLogger('test', process.env.EDGE_TEST_LOG ? 'debug' : 'error');

function agentConfig(url: string, bufferPath: string, patch: Partial<AgentConfig> = {}): AgentConfig {
  return {
    branch: BRANCH,
    mqtt: { url, username: 'agent-b1', password: 'secret' },
    bufferPath,
    devices: [
      { id: 'tp-1', kind: 'ticket-printer', transport: { type: 'serial', path: '/dev/null-tp' } },
      { id: 'lb-1', kind: 'light-box', transport: { type: 'modbus-rtu', path: '/dev/null-lb', unitId: 1 } },
    ],
    ...patch,
  };
}

/** Starts an agent on fake drivers; the centre is assumed to speak only through central state. */
async function startAgent(config: AgentConfig): Promise<{ agent: EdgeAgent; drivers: Map<string, FakeDeviceDriver> }> {
  const { modules, drivers } = fakeModules();
  const agent = new EdgeAgent(config, { modules, logger: quiet, reconnectPeriodMs: 100, centralStateGraceMs: 600_000 });
  await agent.start();
  return { agent, drivers };
}

const tickets = (driver: FakeDeviceDriver, n: number) => driver.emit({ counters: { ticketsPrinted: n } });
const lamp = (driver: FakeDeviceDriver, currentMa: number) => driver.emit({ lamp: { switchedOn: true, currentMa } });
const flowing = (agent: EdgeAgent) => agent.stats()?.flowing === true;

/** First copy of each seq, in arrival order: what the server keeps after its dedupe. */
function dedupe(messages: Received[]): Received[] {
  const seen = new Set<unknown>();
  return messages.filter((m) => !seen.has(m.body.seq) && seen.add(m.body.seq));
}

describe('edge agent store-and-forward (real broker)', () => {
  let broker: TestBroker;
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    broker = await TestBroker.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-it-'));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await broker.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function collector(): Promise<Collector> {
    const c = await Collector.connect(broker.url, FILTERS);
    cleanups.push(() => c.close());
    return c;
  }

  it('delivers every status in seq order across an outage and an agent crash, then fresh live ones', async () => {
    const before = await collector();
    await before.publish(Topics.centralState(), { online: true, ts: new Date().toISOString() }, true);
    const first = await startAgent(agentConfig(broker.url, dir));
    cleanups.push(() => first.agent.abort());
    await eventuallyFound(() => flowing(first.agent), 'agent A flowing');
    const tpA = first.drivers.get('tp-1')!;
    const lbA = first.drivers.get('lb-1')!;
    for (const n of [1, 2, 3]) tickets(tpA, n);
    lamp(lbA, 400);
    await eventuallyFound(() => before.on('/status').length === 4, 'live statuses');

    await broker.stop();
    await eventuallyFound(() => !first.agent.stats()?.connected, 'agent A disconnected');
    for (const n of [4, 5, 6]) tickets(tpA, n);
    tpA.emit({ counters: { ticketsPrinted: 6 }, faults: ['cover-open'] });
    lamp(lbA, 0);
    await first.agent.abort(); // a crash mid-outage: no flush, no goodbye

    const second = await startAgent(agentConfig(broker.url, dir));
    cleanups.push(() => second.agent.stop());
    const tpB = second.drivers.get('tp-1')!;
    const lbB = second.drivers.get('lb-1')!;
    for (const n of [7, 8, 9]) tickets(tpB, n);
    lamp(lbB, 410);

    await broker.restart();
    const after = await collector();
    await after.publish(Topics.centralState(), { online: true, ts: new Date().toISOString() }, true);
    await eventuallyFound(() => after.on('/status').filter((m) => m.body.historical === false).length >= 2, 'fresh live statuses');

    const statuses = dedupe([...before.on('/status'), ...after.on('/status')]);
    const seqs = statuses.map((m) => m.body.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const ofTp = statuses.filter((m) => m.topic === Topics.deviceStatus(BRANCH, 'tp-1'));
    expect(ofTp.map((m) => (m.body.counters as { ticketsPrinted: number }).ticketsPrinted)).toEqual([1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 9]);
    expect(ofTp.map((m) => m.body.historical)).toEqual([false, false, false, true, true, true, true, true, true, true, false]);
    expect(ofTp[6].body.faults).toEqual(['cover-open']);

    const ofLb = statuses.filter((m) => m.topic === Topics.deviceStatus(BRANCH, 'lb-1'));
    expect(ofLb.map((m) => [(m.body.lamp as { currentMa: number }).currentMa, m.body.historical])).toEqual([
      [400, false],
      [0, true],
      [410, true],
      [410, false],
    ]);

    const events = after.on('/event').map((m) => [m.body.type, m.body.historical]);
    // Agent B's first reading (no fault) has no predecessor in its memory: no cover.closed.
    expect(events).toEqual([['cover.opened', true]]);

    const births = after.on('/agent/state').filter((m) => m.body.online === true);
    expect(births[0].body.seq as number).toBeGreaterThan(Math.max(...seqs.slice(0, -2)));
    expect(after.on('/agent/event').filter((m) => m.body.type === 'buffer.dropped')).toEqual([]);
  });

  it('answers commands: runs a valid one once, never runs an expired one, reports health', async () => {
    const c = await collector();
    await c.publish(Topics.centralState(), { online: true, ts: new Date().toISOString() }, true);
    const { agent, drivers } = await startAgent(agentConfig(broker.url, dir, { healthIntervalMs: 1000 }));
    cleanups.push(() => agent.stop());
    await eventuallyFound(() => flowing(agent), 'agent flowing');
    const lb = drivers.get('lb-1')!;
    const cmd = Topics.deviceCmd(BRANCH, 'lb-1');
    const expiresAt = (ms: number) => new Date(Date.now() + ms).toISOString();

    await c.publish(cmd, { id: 'old', action: 'lamp.on', expiresAt: expiresAt(-1000) });
    await c.publish(cmd, { id: 'new', action: 'lamp.off', expiresAt: expiresAt(60_000) });
    await c.publish(cmd, { id: 'new', action: 'lamp.off', expiresAt: expiresAt(60_000) });
    await c.publish(Topics.deviceCmd(BRANCH, 'nope'), { id: 'lost', action: 'status.refresh', expiresAt: expiresAt(60_000) });
    await c.publish(cmd, { id: 'bad', action: 'explode', expiresAt: expiresAt(60_000) });
    const answered = () => new Set(c.on('/cmd/result').map((m) => m.body.id));
    await eventuallyFound(() => ['old', 'new', 'lost', 'bad'].every((id) => answered().has(id)), 'command results');

    const results = Object.fromEntries(c.on('/cmd/result').map((m) => [m.body.id, m.body]));
    expect(results.old).toMatchObject({ ok: false, error: 'expired' });
    expect(results.new).toMatchObject({ ok: true });
    expect(results.lost).toMatchObject({ ok: false, error: 'unknown device' });
    expect(results.bad).toMatchObject({ ok: false });
    expect(lb.executed).toEqual([{ action: 'lamp.off', args: undefined }]);
    expect(c.on('/agent/state').at(-1)!.body).toMatchObject({
      online: true,
      devices: [
        { id: 'tp-1', kind: 'ticket-printer' },
        { id: 'lb-1', kind: 'light-box' },
      ],
    });

    await c.publish(Topics.centralState(), { online: true, ts: new Date(Date.now() - 5000).toISOString() });
    const health = await eventuallyFound(() => c.on('/agent/health').find((m) => (m.body.clockSkewMs as number) >= 4000), 'health with skew');
    expect(health.body).toMatchObject({ bufferQueued: 0, bufferDropped: 0 });
    expect(health.body.seq).toEqual(expect.any(Number));

    await agent.stop();
    await eventuallyFound(() => c.on('/agent/state').at(-1)?.body.online === false, 'offline state on clean stop');
  });

  it('keeps only the newest entries when the buffer is full and reports buffer.dropped', async () => {
    const c = await collector();
    await c.publish(Topics.centralState(), { online: false }, true); // the centre is away: buffer
    const { agent, drivers } = await startAgent(agentConfig(broker.url, dir, { bufferMaxBytes: 4096 }));
    cleanups.push(() => agent.stop());
    await eventuallyFound(() => agent.stats()?.connected, 'agent connected');
    const tp = drivers.get('tp-1')!;
    for (let n = 1; n <= 100; n++) tickets(tp, n);
    const droppedOffline = agent.stats()!.dropped;
    expect(droppedOffline).toBeGreaterThan(0);
    expect(c.on('/status')).toEqual([]);

    await c.publish(Topics.centralState(), { online: true, ts: new Date().toISOString() }, true);
    const reports = () => c.on('/agent/event').filter((m) => m.body.type === 'buffer.dropped');
    await eventuallyFound(() => reports().length > 0, 'buffer.dropped');
    expect(reports()[0].body.data).toEqual({ count: droppedOffline, total: droppedOffline });
    await eventuallyFound(() => c.on('/status').some((m) => m.body.historical === false), 'fresh live status');
    // The report itself goes into the full buffer and may push out one more: that is reported too.
    const dropped = agent.stats()!.dropped;
    await eventuallyFound(() => reports().reduce((sum, m) => sum + ((m.body.data as { count: number }).count), 0) === dropped, 'all drops reported');
    const counts = c.on('/status').map((m) => (m.body.counters as { ticketsPrinted: number }).ticketsPrinted);
    const replayed = counts.slice(0, -1);
    expect(replayed.at(-1)).toBe(100);
    expect(replayed).toEqual(Array.from({ length: replayed.length }, (_, i) => 101 - replayed.length + i));
    // Every status not replayed was dropped (the total may also hold a pushed-out report).
    expect(100 - replayed.length).toBeGreaterThanOrEqual(droppedOffline);
    expect(100 - replayed.length).toBeLessThanOrEqual(dropped);
  });
});
