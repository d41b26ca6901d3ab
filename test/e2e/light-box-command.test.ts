import * as path from 'node:path';
import * as sqlite3 from 'sqlite3';
import { eventually } from '../support/eventually';
import { ChildProgram, ensureBuilt, socatAvailable, startPtyPair } from '../support/processes';
import { E2eFleet } from './e2e.harness';

/**
 * Issue 3, "Done when": a light-box command from the HTTP API switches the simulated lamp and its
 * result is visible. Central server, agent and a standalone light-box simulator (Modbus unit 1)
 * are separate processes; the lamp sits behind a real pty.
 */
const SUITE = 'e2e light box command';
const describeWithSocat = socatAvailable(SUITE) ? describe : describe.skip;

const BRANCH = 'e2e-lb';
const DEVICE = 'lb-e2e-1';

interface CommandBody {
  id: string;
  deviceId: string;
  action: string;
  status: 'pending' | 'succeeded' | 'failed' | 'expired';
  error?: string;
}

/** Rows in the server's command table, read straight from its SQLite file (read-only). */
function storedCommands(databasePath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(databasePath, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.get<{ n: number }>('SELECT COUNT(*) AS n FROM device_command', (error, row) => {
        db.close();
        if (error) reject(error);
        else resolve(row.n);
      });
    });
  });
}

describeWithSocat('light box command end to end: HTTP API → central → MQTT → agent → Modbus on a pty', () => {
  let fleet: E2eFleet;
  let simulator: ChildProgram;
  let agent: ChildProgram;

  beforeAll(async () => {
    await ensureBuilt();
    fleet = await E2eFleet.create();
    await fleet.startCentral();
    const credentials = await fleet.createBranch(BRANCH);
    const pty = await startPtyPair(fleet.group, 'socat', path.join(fleet.dir, 'lb-device'), path.join(fleet.dir, 'lb-host'));
    simulator = await fleet.startSimulator('simulator', 'light-box', pty.devicePath, ['--unit-id', '1']);
    const config = fleet.writeAgentConfig('agent', BRANCH, credentials, [
      { id: DEVICE, kind: 'light-box', transport: { type: 'modbus-rtu', path: pty.hostPath, unitId: 1 }, settings: { pollIntervalMs: 300 } },
    ]);
    agent = await fleet.startAgent('agent', config);
  }, 90_000);

  afterAll(async () => {
    await fleet?.close();
  });

  /** Issues a command through the API and waits for its final status. */
  async function runCommand(action: string): Promise<CommandBody> {
    const issued = await fleet.admin.post<{ id: string; status: string }>(`/api/devices/${DEVICE}/commands`, { action });
    expect(issued.status).toBe(202);
    expect(issued.body).toEqual({ id: expect.any(String), status: 'pending' });
    return eventually(
      async () => {
        const command = await fleet.admin.get<CommandBody>(`/api/commands/${issued.body.id}`);
        expect(command.status).toBe(200);
        expect(command.body.status).not.toBe('pending');
        return command.body;
      },
      15_000,
      100,
    );
  }

  it('switches the lamp off and on again from the HTTP API, each result visible', async () => {
    // Switched on at the box itself first, so that lamp.off has something to change.
    simulator.send('switch-on');
    await fleet.waitForDevice(DEVICE, (device) => expect(device).toMatchObject({ link: 'up', lamp: { switchedOn: true, currentMa: 420 } }));

    const off = await runCommand('lamp.off');
    expect(off).toMatchObject({ deviceId: DEVICE, action: 'lamp.off', status: 'succeeded' });
    const dark = await fleet.waitForDevice(DEVICE, (device) => expect(device.lamp?.switchedOn).toBe(false));
    expect(dark).toMatchObject({ link: 'up', lamp: { switchedOn: false, currentMa: 0 }, faults: [] });

    const on = await runCommand('lamp.on');
    expect(on).toMatchObject({ deviceId: DEVICE, action: 'lamp.on', status: 'succeeded' });
    const lit = await fleet.waitForDevice(DEVICE, (device) => expect(device.lamp?.switchedOn).toBe(true));
    expect(lit).toMatchObject({ link: 'up', state: 'ok', lamp: { switchedOn: true, currentMa: 420 }, faults: [] });
  });

  it('refuses an action the kind does not support with 400, stores nothing and sends nothing', async () => {
    const before = await storedCommands(fleet.databasePath);
    for (const action of ['ribbon.reset', 'power.off', 'self-destruct']) {
      const response = await fleet.admin.post(`/api/devices/${DEVICE}/commands`, { action });
      expect({ action, status: response.status }).toEqual({ action, status: 400 });
      expect(response.body).toMatchObject({ statusCode: 400, error: expect.any(String), message: expect.any(String) });
    }
    expect(await storedCommands(fleet.databasePath)).toBe(before);

    // A valid command behind them on the same path: had a refused one gone out, it would have arrived first.
    const refresh = await runCommand('status.refresh');
    expect(refresh).toMatchObject({ action: 'status.refresh', status: 'succeeded' });
    expect(await storedCommands(fleet.databasePath)).toBe(before + 1);
    const ran = agent.logs.filter((line) => line.msg === 'running command').map((line) => line.action);
    expect(ran).toEqual(['lamp.off', 'lamp.on', 'status.refresh']);
    const device = await fleet.admin.get(`/api/devices/${DEVICE}`);
    expect(device.body).toMatchObject({ link: 'up', lamp: { switchedOn: true } });
  });

  it('stops the agent, simulator and central server cleanly on SIGTERM (exit 0)', async () => {
    await agent.stopCleanly();
    await simulator.stopCleanly();
    await fleet.central!.stopCleanly();
  });
});
