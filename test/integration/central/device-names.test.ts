import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentConfig } from '@lobby/contracts';
import { SimulatorHub } from '@lobby/devices';
import { EdgeAgent } from '@lobby/edge';
import { IngestService } from '@lobby/fleet';
import { JsonLogger } from '@lobby/platform';
import { eventually } from '../../support/eventually';
import { Agent, AlertingCentral, printer } from '../alerting/support';

jest.setTimeout(90_000);

const REAL = 'NAMES-EDGE';
const FAKE = 'NAMES-MQTT';

/** Births carry each device's name and location from the agent's config; an admin's name wins. */
describe(`${IngestService.name}: device names`, () => {
  let host: AlertingCentral;
  let dir: string;
  let edge: EdgeAgent | undefined;
  let agent: Agent;
  const hub = new SimulatorHub();

  const config = (credentials: { username: string; password: string }, names: { lb1: string; lb2: string }): AgentConfig => ({
    branch: REAL,
    mqtt: { url: host.central.mqttUrl, ...credentials },
    bufferPath: dir,
    devices: [
      { id: 'NM-LB1', kind: 'light-box', name: names.lb1, location: '正门上方', transport: { type: 'modbus-rtu', path: 'sim:names-rs485', unitId: 1 }, settings: { pollIntervalMs: 500 } },
      { id: 'NM-LB2', kind: 'light-box', name: names.lb2, transport: { type: 'modbus-rtu', path: 'sim:names-rs485', unitId: 2 }, settings: { pollIntervalMs: 500 } },
    ],
  });
  const startEdge = async (credentials: { username: string; password: string }, names: { lb1: string; lb2: string }) => {
    edge = new EdgeAgent(config(credentials, names), { hub, logger: new JsonLogger('test', 'error') });
    await edge.start();
  };
  const device = async (id: string) => (await host.admin.get(`/api/devices/${id}`)).body;

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lobby-names-'));
  });
  afterAll(async () => {
    await edge?.stop();
    await agent?.end();
    await host?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes the names and locations the edge agent has in its config', async () => {
    const credentials = await host.central.branch(REAL);
    await startEdge(credentials, { lb1: '外挑灯箱', lb2: '自助区灯箱' });
    await eventually(async () => expect(await device('NM-LB1')).toMatchObject({ name: '外挑灯箱', location: '正门上方' }));
    expect(await device('NM-LB2')).toMatchObject({ name: '自助区灯箱', location: null });
    const listed = (await host.admin.get(`/api/devices?branch=${REAL}`)).body.items as { id: string; name: string }[];
    expect(listed.map((d) => d.name).sort()).toEqual(['外挑灯箱', '自助区灯箱']);

    // An admin renames one; the agent restarts with a renamed config: the admin's name wins, the other follows the config.
    expect((await host.admin.patch('/api/devices/NM-LB1', { name: '正门灯箱' })).status).toBe(200);
    await edge!.stop();
    await startEdge(credentials, { lb1: '外挑灯箱（旧）', lb2: 'ATM 区灯箱' });
    await eventually(async () => expect((await device('NM-LB2')).name).toBe('ATM 区灯箱'));
    expect(await device('NM-LB1')).toMatchObject({ name: '正门灯箱', location: '正门上方' });
  });

  it('shows the name in alerts, tasks and the daily log', async () => {
    const devices = [{ id: 'NM-TP1', kind: 'ticket-printer', name: '取号机 1', location: '大堂入口' }];
    agent = await host.branchWithAgent(FAKE, devices);
    await eventually(async () => expect(await device('NM-TP1')).toMatchObject({ name: '取号机 1', location: '大堂入口' }));
    await agent.status('NM-TP1', printer());
    await agent.status('NM-TP1', printer({ state: 'fault', faults: ['cutter-error'] }));

    const [alert] = (await host.alerts(`&branch=${FAKE}&device=NM-TP1&state=active`)).items;
    expect(alert.message).toContain('取号机 1');
    const [task] = (await host.tasks(`&branch=${FAKE}&device=NM-TP1`)).items;
    expect(task).toMatchObject({ deviceId: 'NM-TP1', deviceName: '取号机 1' });
    expect((await host.admin.get(`/api/tasks/${task.id}`)).body.deviceName).toBe('取号机 1');

    const page = await host.admin.request('GET', `/api/branches/${FAKE}/daily-log?date=2026-11-30`, undefined, { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('取号机 1（大堂入口）'); // by name and location, not its id
  });

  it('refuses a birth whose name breaks the contract, and keeps the device as it was', async () => {
    const before = await host.central.metric('lobby_mqtt_messages_rejected_total', 'reason="invalid-payload"');
    const birth = { online: true, seq: 10_000, bootId: agent.bootId, ts: new Date().toISOString(), agentVersion: 'test', devices: [{ id: 'NM-TP1', kind: 'ticket-printer', name: 'x'.repeat(201) }] };
    await agent.client.raw(`lobby/v1/${FAKE}/agent/state`, JSON.stringify(birth));
    await eventually(async () => expect(await host.central.metric('lobby_mqtt_messages_rejected_total', 'reason="invalid-payload"')).toBe(before + 1));
    expect((await device('NM-TP1')).name).toBe('取号机 1');
  });
});
