import { Subject } from 'rxjs';
import { AgentConfig, AgentEventType } from '@lobby/contracts';
import { ByteSimulator, SerialPortProvider, SimulatorHub } from '@lobby/devices';
import { JsonLogger, ManualClock } from '@lobby/runtime';
import { AgentOutbox } from './device-channel';
import { DeviceSupervisor } from './device-supervisor';
import { fakeModules } from './testing/fake-device.driver';

class FakeSimulator implements ByteSimulator {
  readonly output$ = new Subject<Buffer>();
  autoplayed = false;
  stopped = false;
  readonly applied: string[] = [];
  receive(): void {}
  apply(action: string): void {
    if (action === 'unknown') throw new Error('unknown action');
    this.applied.push(action);
  }
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

  it('plays a device script at its times, then starts autoplay; stop cancels what is left', async () => {
    const { modules, simulators } = withSimulators();
    const script = [
      { atMs: 5000, action: 'burn-out' },
      { atMs: 1000, action: 'switch-on' },
      { atMs: 2000, action: 'unknown' },
    ];
    const devices: AgentConfig['devices'] = [
      { id: 'lb-1', kind: 'light-box', transport: { type: 'modbus-rtu', path: 'sim:bus', unitId: 1 }, simulate: { script } },
      { id: 'lb-2', kind: 'light-box', transport: { type: 'modbus-rtu', path: 'sim:bus', unitId: 2 }, simulate: { script: [{ atMs: 60_000, action: 'repair' }] } },
    ];
    const logger = new JsonLogger('t', 'error');
    const warn = jest.spyOn(logger, 'warn');
    const supervisor = new DeviceSupervisor({ config: config({ simulate: { autoplay: true }, devices }), modules, clock, logger, ports, outbox, hub: new SimulatorHub() });
    await supervisor.start();
    clock.advance(999);
    expect(simulators[0].applied).toEqual([]);
    clock.advance(1);
    expect(simulators[0].applied).toEqual(['switch-on']);
    expect(simulators[0].autoplayed).toBe(false);
    clock.advance(4000);
    expect(simulators[0].applied).toEqual(['switch-on', 'burn-out']);
    expect(simulators[0].autoplayed).toBe(true);
    expect(warn).toHaveBeenCalledWith('simulator refused a scripted action', expect.objectContaining({ deviceId: 'lb-1', action: 'unknown' }));
    await supervisor.stop();
    clock.advance(60_000);
    expect(simulators[1].applied).toEqual([]);
    expect(simulators[1].autoplayed).toBe(false);
  });
});
