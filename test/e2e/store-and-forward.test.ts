import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventually } from '../support/eventually';
import { ChildProgram, ensureBuilt, socatAvailable, startPtyPair } from '../support/processes';
import { AgentCredentials, E2eFleet } from './e2e.harness';

/**
 * Issue 3, "Done when": the agent is cut off (here the central server process stops, and its
 * embedded broker with it), device changes happen, the agent process is killed and a new one
 * started on the same buffer mid-outage, more changes happen, the central server comes back on
 * the same ports and database — and every status the agents produced is in the server's history,
 * in order, none lost, none doubled, the buffered ones marked historical. What "produced" means is
 * read from the agent's own disk buffer (`{bufferPath}/outbox/segment-*.jsonl`): every status goes
 * through it, sent or not, and the sent lines stay in the segment file this short run writes.
 */
const SUITE = 'e2e store and forward';
const describeWithSocat = socatAvailable(SUITE) ? describe : describe.skip;

const BRANCH = 'e2e-sf';
const PRINTER = 'tp-e2e-sf';
const RECEIPTS = 'rb-e2e-sf';

interface StatusBody {
  seq: number;
  ts: string;
  historical?: boolean;
  link: string;
  faults: string[];
  consumables?: Record<string, { level: string }>;
  counters?: Record<string, number>;
}
interface EventBody {
  seq: number;
  type: string;
  historical?: boolean;
}
interface Produced {
  deviceId: string;
  kind: 'status' | 'event';
  seq: number;
  body: Record<string, unknown>;
}

/** Every device status and event the agent queued, from its buffer files. */
function producedByAgent(bufferPath: string): Produced[] {
  const outbox = path.join(bufferPath, 'outbox');
  if (!fs.existsSync(outbox)) return [];
  const produced: Produced[] = [];
  for (const file of fs.readdirSync(outbox).filter((name) => /^segment-\d+\.jsonl$/.test(name)).sort()) {
    for (const line of fs.readFileSync(path.join(outbox, file), 'utf8').split('\n')) {
      if (!line) continue;
      let entry: { topic: string; payload: string };
      try {
        entry = JSON.parse(line) as { topic: string; payload: string };
      } catch {
        continue; // a line being written right now
      }
      const match = /^lobby\/v1\/[^/]+\/device\/([^/]+)\/(status|event)$/.exec(entry.topic);
      if (!match) continue;
      const body = JSON.parse(entry.payload) as Record<string, unknown>;
      produced.push({ deviceId: match[1], kind: match[2] as 'status' | 'event', seq: body.seq as number, body });
    }
  }
  return produced;
}

const printerState = (s: StatusBody) => `${s.counters?.ticketsPrinted}/${s.consumables?.paper?.level}`;
const receiptState = (s: StatusBody) => `${s.counters?.linesPrinted}/${[...s.faults].sort().join('+') || 'no-fault'}`;

/** Consecutive repeats collapsed: the changes a device went through. */
function changes(statuses: StatusBody[], key: (s: StatusBody) => string): string[] {
  return statuses.map(key).filter((state, i, all) => i === 0 || state !== all[i - 1]);
}

describeWithSocat('store and forward end to end: central server down, agent crash and restart mid-outage', () => {
  let fleet: E2eFleet;
  let credentials: AgentCredentials;
  let configFile: string;
  let bufferPath: string;
  let printer: ChildProgram;
  let receipts: ChildProgram;

  beforeAll(async () => {
    await ensureBuilt();
    fleet = await E2eFleet.create();
    await fleet.startCentral();
    credentials = await fleet.createBranch(BRANCH);
    const tp = await startPtyPair(fleet.group, 'socat-tp', path.join(fleet.dir, 'tp-device'), path.join(fleet.dir, 'tp-host'));
    const rb = await startPtyPair(fleet.group, 'socat-rb', path.join(fleet.dir, 'rb-device'), path.join(fleet.dir, 'rb-host'));
    printer = await fleet.startSimulator('printer-sim', 'ticket-printer', tp.devicePath);
    receipts = await fleet.startSimulator('receipt-sim', 'receipt-box', rb.devicePath);
    // A long heartbeat: every status in this test is a change the test caused (or a restart's first reading).
    const settings = { pollIntervalMs: 300, heartbeatIntervalMs: 3_600_000 };
    configFile = fleet.writeAgentConfig('agent', BRANCH, credentials, [
      { id: PRINTER, kind: 'ticket-printer', transport: { type: 'serial', path: tp.hostPath }, settings },
      { id: RECEIPTS, kind: 'receipt-box', transport: { type: 'serial', path: rb.hostPath }, settings },
    ]);
    bufferPath = path.join(fleet.dir, 'agent-buffer');
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
  });

  /** Sends an action to a simulator and waits until the agent has queued the status it causes. */
  async function change(simulator: ChildProgram, action: string, deviceId: string, expected: (s: StatusBody) => boolean): Promise<Produced> {
    const seen = new Set(producedByAgent(bufferPath).map((p) => p.seq));
    simulator.send(action);
    return eventually(
      () => {
        const fresh = producedByAgent(bufferPath).filter((p) => p.kind === 'status' && p.deviceId === deviceId && !seen.has(p.seq));
        const next = fresh.find((p) => expected(p.body as unknown as StatusBody));
        if (!next) throw new Error(`no status of ${deviceId} queued after ${action}; new ones: ${JSON.stringify(fresh.map((p) => p.body))}`);
        return next;
      },
      10_000,
      50,
    );
  }

  async function history(deviceId: string): Promise<{ statuses: StatusBody[]; events: EventBody[] }> {
    const response = await fleet.admin.get<{ statuses: StatusBody[]; events: EventBody[] }>(`/api/devices/${deviceId}/history`);
    if (response.status !== 200) throw new Error(`history of ${deviceId}: ${response.status} ${response.text}`);
    return response.body;
  }

  it('delivers every status across a central outage and an agent crash, in order, none lost or doubled', async () => {
    // Live: both devices report, one change goes straight through.
    let agent = await fleet.startAgent('agent-a', configFile);
    await fleet.waitForDevice(PRINTER, (d) => expect(d).toMatchObject({ link: 'up', counters: { ticketsPrinted: 1000 } }));
    const initialReceipts = await fleet.waitForDevice(RECEIPTS, (d) => expect(d).toMatchObject({ link: 'up', faults: [] }));
    const lines0 = initialReceipts.counters!.linesPrinted;
    // Statuses queued before the first connection go out as a (tiny) backlog; this one is live for sure.
    const liveChange = await change(printer, 'issue-ticket', PRINTER, (s) => s.counters?.ticketsPrinted === 1001);
    await fleet.waitForDevice(PRINTER, (d) => expect(d.counters?.ticketsPrinted).toBe(1001));
    const live = producedByAgent(bufferPath);
    await eventually(async () => expect((await history(PRINTER)).statuses.length + (await history(RECEIPTS)).statuses.length).toBe(live.filter((p) => p.kind === 'status').length), 10_000, 100);
    const liveSeqs = new Set(live.map((p) => p.seq));

    // Outage: the central server (and its broker) goes away; the agent buffers.
    let from = agent.logs.length;
    await fleet.central!.stopCleanly();
    await agent.waitForMsg('disconnected from the centre', 10_000, from);
    await change(printer, 'issue-ticket', PRINTER, (s) => s.counters?.ticketsPrinted === 1002);
    await change(printer, 'paper-near-end', PRINTER, (s) => s.consumables?.paper?.level === 'low');
    await change(receipts, 'print-lines', RECEIPTS, (s) => s.counters?.linesPrinted === lines0 + 12);
    await change(receipts, 'door-open', RECEIPTS, (s) => s.faults.includes('door-open'));

    // The agent crashes mid-outage; a new one starts on the same buffer and keeps queueing.
    expect(await agent.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    const lastOfA = Math.max(...producedByAgent(bufferPath).map((p) => p.seq));
    agent = await fleet.startAgent('agent-b', configFile, 'started');
    await eventually(() => {
      const restarted = producedByAgent(bufferPath).filter((p) => p.kind === 'status' && p.seq > lastOfA);
      expect(new Set(restarted.map((p) => p.deviceId))).toEqual(new Set([PRINTER, RECEIPTS]));
    }, 10_000);
    await change(printer, 'issue-ticket', PRINTER, (s) => s.counters?.ticketsPrinted === 1003);
    await change(receipts, 'door-close', RECEIPTS, (s) => s.faults.length === 0);
    await change(receipts, 'print-lines', RECEIPTS, (s) => s.counters?.linesPrinted === lines0 + 24);
    const buffered = producedByAgent(bufferPath).filter((p) => !liveSeqs.has(p.seq));
    expect(buffered.filter((p) => p.kind === 'status').length).toBeGreaterThanOrEqual(9);

    // The central server comes back on the same ports and database; the agent replays its backlog.
    from = agent.logs.length;
    await fleet.startCentral('central-2');
    await agent.waitForMsg('backlog sent: live', 20_000, from);

    for (const [deviceId, key] of [
      [PRINTER, printerState],
      [RECEIPTS, receiptState],
    ] as const) {
      const produced = () => producedByAgent(bufferPath).filter((p) => p.deviceId === deviceId);
      // Wait until the server holds at least what the agent produced, then compare exactly.
      const { statuses, events } = await eventually(
        async () => {
          const h = await history(deviceId);
          const stored = new Set(h.statuses.map((s) => s.seq));
          expect(produced().filter((p) => p.kind === 'status' && !stored.has(p.seq))).toEqual([]);
          expect(h.statuses.at(-1)).toMatchObject({ historical: false });
          return h;
        },
        20_000,
        100,
      );
      const seqs = statuses.map((s) => s.seq);
      // The devices never stopped answering: no agent start may report them silent.
      expect(statuses.filter((s) => s.link !== 'up')).toEqual([]);
      // None doubled, and in ts order the seqs only grow.
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // None missing, none extra: exactly the statuses the agents queued.
      const producedStatuses = produced().filter((p) => p.kind === 'status');
      expect(seqs).toEqual(producedStatuses.map((p) => p.seq).sort((a, b) => a - b));
      // Those queued during the outage came in as history; a change made while flowing, live.
      const bufferedSeqs = new Set(buffered.filter((p) => p.kind === 'status' && p.deviceId === deviceId).map((p) => p.seq));
      expect(statuses.filter((s) => bufferedSeqs.has(s.seq)).map((s) => [s.seq, s.historical])).toEqual([...bufferedSeqs].sort((a, b) => a - b).map((seq) => [seq, true]));
      if (deviceId === PRINTER) expect(statuses.find((s) => s.seq === liveChange.seq)).toMatchObject({ historical: false });
      // Same for the device events the agents queued.
      const eventSeqs = events.map((e) => e.seq);
      expect(new Set(eventSeqs).size).toBe(eventSeqs.length);
      expect([...eventSeqs].sort((a, b) => a - b)).toEqual(produced().filter((p) => p.kind === 'event').map((p) => p.seq).sort((a, b) => a - b));

      if (deviceId === PRINTER) {
        expect(changes(statuses, key)).toEqual(['1000/ok', '1001/ok', '1002/ok', '1002/low', '1003/low']);
      } else {
        expect(changes(statuses, key)).toEqual([`${lines0}/no-fault`, `${lines0 + 12}/no-fault`, `${lines0 + 12}/door-open`, `${lines0 + 12}/no-fault`, `${lines0 + 24}/no-fault`]);
        // door.opened from agent A; door.closed from agent B, whose first reading saw the door open.
        expect(events.map((e) => [e.type, e.historical])).toEqual([
          ['door.opened', true],
          ['door.closed', true],
        ]);
      }
    }

    // The live state is the last change.
    const tp = await fleet.admin.get(`/api/devices/${PRINTER}`);
    expect(tp.body).toMatchObject({ link: 'up', state: 'warning', consumables: { paper: { level: 'low' } }, counters: { ticketsPrinted: 1003 } });
    const rb = await fleet.admin.get(`/api/devices/${RECEIPTS}`);
    expect(rb.body).toMatchObject({ link: 'up', faults: [], counters: { linesPrinted: lines0 + 24 } });

    await agent.stopCleanly();
    await printer.stopCleanly();
    await receipts.stopCleanly();
    await fleet.central!.stopCleanly();
  }, 110_000);
});
