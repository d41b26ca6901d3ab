import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentConfig, Topics } from '@lobby/contracts';
import { SimulatorHub } from '@lobby/devices';
import { EdgeAgent } from '@lobby/edge';
import { JsonLogger } from '@lobby/platform';
import { eventuallyFound } from '@lobby/runtime';
import { Collector, TestBroker } from './broker.harness';

jest.setTimeout(60_000);

const BRANCH = 'b2';
const BUS = 'sim:it-rs485';

/** The agent with the real device registry: real drivers and codecs talking to simulators. */
describe('edge agent with real drivers on simulated ports', () => {
  let broker: TestBroker;
  let dir: string;
  let collector: Collector;
  let agent: EdgeAgent;
  const hub = new SimulatorHub();

  beforeAll(async () => {
    broker = await TestBroker.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-real-'));
    collector = await Collector.connect(broker.url, ['lobby/v1/+/device/#', 'lobby/v1/+/agent/#']);
    await collector.publish(Topics.centralState(), { online: true, ts: new Date().toISOString() }, true);
    const config: AgentConfig = {
      branch: BRANCH,
      mqtt: { url: broker.url, username: 'agent-b2', password: 'secret' },
      bufferPath: dir,
      devices: [
        { id: 'lb-street', kind: 'light-box', transport: { type: 'modbus-rtu', path: BUS, unitId: 1 }, settings: { pollIntervalMs: 200 } },
        { id: 'lb-atm', kind: 'light-box', transport: { type: 'modbus-rtu', path: BUS, unitId: 2 }, settings: { pollIntervalMs: 200 } },
      ],
    };
    agent = new EdgeAgent(config, { hub, logger: new JsonLogger('test', process.env.EDGE_TEST_LOG ? 'debug' : 'error') });
    await agent.start();
  });
  afterAll(async () => {
    await agent.stop();
    await collector.close();
    await broker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const statusesOf = (device: string) => collector.received.filter((m) => m.topic === Topics.deviceStatus(BRANCH, device));

  it('publishes a status for each light box on the shared bus', async () => {
    await eventuallyFound(() => statusesOf('lb-street').length > 0 && statusesOf('lb-atm').length > 0, 'statuses of both light boxes');
    expect(statusesOf('lb-street')[0].body).toMatchObject({ kind: 'light-box', link: 'up' });
    expect(statusesOf('lb-atm')[0].body).toMatchObject({ kind: 'light-box', link: 'up' });
  });

  it('switches a lamp by command and publishes the new state', async () => {
    const before = statusesOf('lb-atm').length;
    await collector.publish(Topics.deviceCmd(BRANCH, 'lb-atm'), {
      id: 'lamp-1',
      action: 'lamp.on',
      expiresAt: new Date(Date.now() + 30_000).toISOString(),
    });
    const result = await eventuallyFound(() => collector.received.find((m) => m.topic.endsWith('/cmd/result') && m.body.id === 'lamp-1'), 'result');
    expect(result.body).toMatchObject({ ok: true });
    await eventuallyFound(
      () => statusesOf('lb-atm').slice(before).some((m) => (m.body.lamp as { switchedOn: boolean } | undefined)?.switchedOn === true),
      'lamp switched on in a status',
    );
  });

  it('reports a pulled cable as device.unplugged for every device on the bus', async () => {
    hub.unplug(BUS);
    const unplugged = () => collector.received.filter((m) => m.topic.endsWith('/agent/event') && m.body.type === 'device.unplugged');
    await eventuallyFound(() => unplugged().length >= 2, 'device.unplugged for both');
    expect(unplugged().map((m) => (m.body.data as { deviceId: string }).deviceId).sort()).toEqual(['lb-atm', 'lb-street']);
    hub.replug(BUS);
    await eventuallyFound(
      () => collector.received.filter((m) => m.topic.endsWith('/agent/event') && m.body.type === 'device.replugged').length >= 2,
      'device.replugged for both',
    );
  });
});
