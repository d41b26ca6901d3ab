import { Subject } from 'rxjs';
import { AgentConfig, AgentEventType } from '@lobby/contracts';
import { ByteSimulator, SerialPortProvider, SimulatorHub } from '@lobby/devices';
import { JsonLogger, ManualClock } from '@lobby/platform';
import { AgentOutbox } from './device-channel';
import { DeviceSupervisor } from './device-supervisor';
import { fakeModules } from './testing/fake-device.driver';

class FakeSimulator implements ByteSimulator {
  readonly output$ = new Subject<Buffer>();
  autoplayed = false;
  stopped = false;
  receive(): void {}
  apply(): void {}
  autoplay(): void {
    this.autoplayed = true;
  }
  stop(): void {
    this.stopped = true;
  }
}

describe(DeviceSupervisor.name, () => {
  const clock = new ManualClock();
  const ports = {} as SerialPortProvider;
  let agentEvents: { type: AgentEventType; data: Record<string, unknown> }[];
  let outbox: AgentOutbox;
  beforeEach(() => {
    agentEvents = [];
    outbox = { enqueue: () => 0, agentEvent: (type, data) => agentEvents.push({ type, data }) };
  });

  const config = (patch: Partial<AgentConfig> = {}): AgentConfig => ({
    branch: 'b1',
    mqtt: { url: 'mqtt://x', username: 'u', password: 'p' },
    bufferPath: '/tmp/none',
    devices: [
      { id: 'lb-1', kind: 'light-box', transport: { type: 'modbus-rtu', path: 'sim:bus', unitId: 1 } },
      { id: 'lb-2', kind: 'light-box', transport: { type: 'modbus-rtu', path: 'sim:bus', unitId: 2 }, simulate: { autoplay: false } },
    ],
    ...patch,
  });

  function withSimulators() {
    const { modules, drivers } = fakeModules();
    const simulators: FakeSimulator[] = [];
    modules['light-box'] = {
      ...modules['light-box']!,
      createSimulator: () => {
        const simulator = new FakeSimulator();
        simulators.push(simulator);
        return simulator;
      },
    };
    return { modules, drivers, simulators };
  }

  it('starts a driver per device and stops them all', async () => {
    const { modules, drivers } = fakeModules();
    const supervisor = new DeviceSupervisor({ config: config(), modules, clock, logger: new JsonLogger('t', 'error'), ports, outbox });
    await supervisor.start();
    expect([...drivers.values()].map((d) => d.started)).toEqual([true, true]);
    expect(supervisor.driver('lb-2')).toBe(drivers.get('lb-2'));
    await supervisor.stop();
    expect([...drivers.values()].map((d) => d.stopped)).toEqual([true, true]);
  });

  it('skips a device it cannot drive and reports config.invalid', async () => {
    const { modules } = fakeModules();
    delete modules['light-box'];
    const supervisor = new DeviceSupervisor({ config: config(), modules, clock, logger: new JsonLogger('t', 'error'), ports, outbox });
    await supervisor.start();
    expect(agentEvents).toEqual([
      { type: 'config.invalid', data: { deviceId: 'lb-1', reason: 'no driver for kind light-box' } },
      { type: 'config.invalid', data: { deviceId: 'lb-2', reason: 'no driver for kind light-box' } },
    ]);
    expect(supervisor.driver('lb-1')).toBeUndefined();
    await supervisor.stop();
  });

  it('attaches a simulator per sim: device to the hub, autoplays as configured, detaches on stop', async () => {
    const { modules, simulators } = withSimulators();
    const hub = new SimulatorHub();
    const supervisor = new DeviceSupervisor({
      config: config({ simulate: { autoplay: true } }),
      modules,
      clock,
      logger: new JsonLogger('t', 'error'),
      ports,
      outbox,
      hub,
    });
    await supervisor.start();
    expect(hub.simulators('sim:bus')).toEqual(simulators);
    expect(simulators.map((s) => s.autoplayed)).toEqual([true, false]);
    await supervisor.stop();
    expect(hub.simulators('sim:bus')).toEqual([]);
    expect(simulators.every((s) => s.stopped)).toBe(true);
  });

  it('adds no simulator to a bus the caller already hosts', async () => {
    const { modules, simulators } = withSimulators();
    const hub = new SimulatorHub();
    const hosted = new FakeSimulator();
    hub.attach('sim:bus', hosted);
    const supervisor = new DeviceSupervisor({ config: config(), modules, clock, logger: new JsonLogger('t', 'error'), ports, outbox, hub });
    await supervisor.start();
    expect(simulators).toEqual([]);
    expect(hub.simulators('sim:bus')).toEqual([hosted]);
    await supervisor.stop();
  });
});
