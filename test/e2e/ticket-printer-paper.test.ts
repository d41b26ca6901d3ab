import * as path from 'node:path';
import { ChildProgram, ensureBuilt, PtyPair, socatAvailable, startPtyPair, stopPtyPair } from '../support/processes';
import { E2eFleet } from './e2e.harness';

/**
 * Issue 3, "Done when": a simulator process on a socat pty ↔ the agent process ↔ broker ↔ the
 * central server process: paper near-end on the printer shows up as `paper.level = low` in the
 * HTTP API; and the serial cable pulled (pty closed) and plugged back: link down, then up, with
 * the same agent process alive throughout.
 */
const SUITE = 'e2e ticket printer';
const describeWithSocat = socatAvailable(SUITE) ? describe : describe.skip;

const BRANCH = 'e2e-tp';
const DEVICE = 'tp-e2e-1';

describeWithSocat('ticket printer end to end: simulator process on a pty, agent process, central server process', () => {
  let fleet: E2eFleet;
  let pty: PtyPair;
  let simulator: ChildProgram;
  let agent: ChildProgram;

  beforeAll(async () => {
    await ensureBuilt();
    fleet = await E2eFleet.create();
    await fleet.startCentral();
    const credentials = await fleet.createBranch(BRANCH);
    pty = await startPtyPair(fleet.group, 'socat', path.join(fleet.dir, 'tp-device'), path.join(fleet.dir, 'tp-host'));
    simulator = await fleet.startSimulator('simulator', 'ticket-printer', pty.devicePath);
    const config = fleet.writeAgentConfig('agent', BRANCH, credentials, [
      { id: DEVICE, kind: 'ticket-printer', transport: { type: 'serial', path: pty.hostPath }, settings: { pollIntervalMs: 300 } },
    ]);
    agent = await fleet.startAgent('agent', config);
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
  });

  it('shows paper near-end on the printer as paper.level low in the HTTP API', async () => {
    const first = await fleet.waitForDevice(DEVICE, (device) => expect(device).toMatchObject({ branchId: BRANCH, kind: 'ticket-printer', link: 'up' }));
    expect(first).toMatchObject({ state: 'ok', faults: [], consumables: { paper: { level: 'ok' } }, counters: { ticketsPrinted: 1000 } });

    simulator.send('issue-ticket');
    simulator.send('paper-near-end');
    await simulator.waitForLog((line) => line.msg === 'action applied' && line.action === 'paper-near-end', 'paper-near-end applied');

    const low = await fleet.waitForDevice(DEVICE, (device) => expect(device.consumables?.paper?.level).toBe('low'));
    expect(low).toMatchObject({ link: 'up', state: 'warning', faults: [], counters: { ticketsPrinted: 1001 } });
  });

  it('reports link down when the pty closes and link up when it comes back, with the same agent process alive', async () => {
    const agentPid = agent.pid;
    const from = agent.logs.length;

    await stopPtyPair(pty);
    // The simulator's port vanished under it: documented exit 1 (docs/simulators.md).
    expect(await simulator.waitForExit()).toEqual({ code: 1, signal: null });
    await fleet.waitForDevice(DEVICE, (device) => expect(device.link).toBe('down'));
    const unplugged = await agent.waitForMsg('device.unplugged', 10_000, from);
    expect(unplugged).toMatchObject({ path: pty.hostPath });
    expect(agent.running).toBe(true);

    pty = await startPtyPair(fleet.group, 'socat-2', pty.devicePath, pty.hostPath);
    simulator = await fleet.startSimulator('simulator-2', 'ticket-printer', pty.devicePath);
    // A fresh simulator is a new roll of paper: seeing it proves the bytes flow again.
    const back = await fleet.waitForDevice(DEVICE, (device) => expect(device).toMatchObject({ link: 'up', consumables: { paper: { level: 'ok' } } }), 30_000);
    expect(back).toMatchObject({ state: 'ok', counters: { ticketsPrinted: 1000 } });
    await agent.waitForMsg('device.replugged', 10_000, from);
    expect(agent.running).toBe(true);
    expect(agent.pid).toBe(agentPid);
  });

  it('stops every program cleanly on SIGTERM (exit 0)', async () => {
    await agent.stopCleanly();
    await simulator.stopCleanly();
    await fleet.central!.stopCleanly();
    for (const program of [agent, fleet.central!]) {
      expect(program.logs.filter((line) => /^(uncaught|unhandled)/.test(line.msg ?? ''))).toEqual([]);
    }
    await stopPtyPair(pty);
  });
});
