import { AgentDeviceConfig, DeviceReading } from '@lobby/contracts';
import { eventuallyFound, JsonLogger, SystemClock } from '@lobby/runtime';
import { CommandError, DeviceDriver, TransportEvent } from '../core/device-driver';
import { SerialPorts } from '../core/serial-port-provider';
import { SimulatorHub } from '../core/simulator-hub';
import { LightBoxDriver } from './light-box.driver';
import { lightBoxModule } from './light-box.module';
import { LightBoxSimulator } from './light-box.simulator';

const BUS = 'sim:light-bus';
const POLL_MS = 100;
const TIMEOUT_MS = 60;

function config(id: string, unitId: number): AgentDeviceConfig {
  return {
    id,
    kind: 'light-box',
    transport: { type: 'modbus-rtu', path: BUS, unitId },
    settings: { pollIntervalMs: POLL_MS, timeoutMs: TIMEOUT_MS, lampCurrentThresholdMa: 50 },
  };
}

interface Box {
  driver: DeviceDriver;
  simulator: LightBoxSimulator;
  readings: DeviceReading[];
  latest(): DeviceReading | undefined;
}

describe(LightBoxDriver.name, () => {
  const clock = new SystemClock();
  const logger = new JsonLogger('test', 'error');
  let hub: SimulatorHub;
  let ports: SerialPorts;
  let boxes: Box[];

  function box(id: string, unitId: number, switchedOn: boolean): Box {
    const simulator = new LightBoxSimulator(unitId, { switchedOn });
    hub.attach(BUS, simulator);
    const driver = lightBoxModule.createDriver(config(id, unitId), { clock, logger, ports });
    const readings: DeviceReading[] = [];
    driver.readings$.subscribe((reading) => readings.push(reading));
    const entry = { driver, simulator, readings, latest: () => readings[readings.length - 1] };
    boxes.push(entry);
    return entry;
  }

  const latestWith = (b: Box, test: (r: DeviceReading) => boolean, what: string) =>
    eventuallyFound(() => {
      const reading = b.latest();
      return reading && test(reading) ? reading : undefined;
    }, { what, timeoutMs: 3000 });

  let one: Box;
  let two: Box;

  beforeEach(async () => {
    hub = new SimulatorHub();
    ports = new SerialPorts({ clock, logger, hub, backoff: { initialMs: 20, maxMs: 100 } });
    boxes = [];
    one = box('lb-1', 1, true);
    two = box('lb-2', 2, false);
    await Promise.all(boxes.map((b) => b.driver.start()));
  });

  afterEach(async () => {
    await Promise.all(boxes.map((b) => b.driver.stop()));
    boxes.forEach((b) => b.simulator.stop());
    await ports.closeAll();
  });

  it('reads each light box on a shared bus by its own unit id', async () => {
    await latestWith(one, (r) => r.link === 'up', 'unit 1 reading');
    await latestWith(two, (r) => r.link === 'up', 'unit 2 reading');
    expect(one.latest()).toEqual({ kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: true, currentMa: 420 } });
    expect(two.latest()).toEqual({ kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: false, currentMa: 0 } });
  });

  it('detects a lamp failure on one box and a stuck relay on the other', async () => {
    await latestWith(one, (r) => r.state === 'ok', 'unit 1 ok');
    one.simulator.apply('burn-out');
    two.simulator.apply('stick-relay');
    const failed = await latestWith(one, (r) => r.faults.includes('lamp-failure'), 'lamp-failure');
    expect(failed).toMatchObject({ state: 'fault', faults: ['lamp-failure'], lamp: { switchedOn: true, currentMa: 0 } });
    const stuck = await latestWith(two, (r) => r.faults.includes('relay-stuck'), 'relay-stuck');
    expect(stuck).toMatchObject({ state: 'fault', faults: ['relay-stuck'], lamp: { switchedOn: false, currentMa: 420 } });
    one.simulator.apply('repair');
    await latestWith(one, (r) => r.state === 'ok', 'unit 1 repaired');
  });

  it('reports link down within the poll interval plus timeout and retry when a box falls silent', async () => {
    await latestWith(one, (r) => r.link === 'up', 'unit 1 up');
    const silencedAt = Date.now();
    one.simulator.apply('silent');
    await latestWith(one, (r) => r.link === 'down', 'unit 1 link down');
    expect(Date.now() - silencedAt).toBeLessThan(POLL_MS + 2 * TIMEOUT_MS + 500);
    expect(two.latest()?.link).toBe('up');
    one.simulator.apply('resume');
    await latestWith(one, (r) => r.link === 'up', 'unit 1 back up');
  });

  it('switches the simulated lamp with lamp.on / lamp.off and publishes the new state at once', async () => {
    await two.driver.execute('lamp.on');
    expect(two.simulator.switchedOn).toBe(true);
    expect(two.latest()?.lamp).toEqual({ switchedOn: true, currentMa: 420 });
    expect(one.simulator.switchedOn).toBe(true);
    await two.driver.execute('lamp.off');
    expect(two.simulator.switchedOn).toBe(false);
    expect(two.latest()?.lamp).toEqual({ switchedOn: false, currentMa: 0 });
  });

  it('turns a Modbus exception into a protocol-error fault', async () => {
    await latestWith(one, (r) => r.link === 'up', 'unit 1 up');
    one.simulator.apply('exception-next');
    const faulted = await latestWith(one, (r) => r.faults.includes('protocol-error'), 'protocol-error');
    expect(faulted).toMatchObject({ link: 'up', state: 'fault' });
    await latestWith(one, (r) => r.state === 'ok', 'recovered after the exception');
  });

  it('treats garbled replies as a protocol error, not a lost device', async () => {
    one.simulator.apply('garbage');
    const garbled = await latestWith(one, (r) => r.faults.includes('protocol-error'), 'protocol-error on garbage');
    expect(garbled.link).toBe('up');
  });

  it('rejects a lamp command the box refuses, and unsupported or unanswered commands', async () => {
    one.simulator.apply('exception-next');
    await expect(one.driver.execute('lamp.off')).rejects.toMatchObject({ code: 'device-error' });
    await expect(one.driver.execute('power.off')).rejects.toBeInstanceOf(CommandError);
    await expect(one.driver.execute('power.off')).rejects.toMatchObject({ code: 'unsupported' });
    await expect(one.driver.execute('status.refresh')).resolves.toBeUndefined();
    one.simulator.apply('silent');
    await expect(one.driver.execute('status.refresh')).rejects.toMatchObject({ code: 'link-down' });
    await expect(one.driver.execute('lamp.on')).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports an unplugged bus on transport$ and as link down, and recovers on replug', async () => {
    const events: TransportEvent[] = [];
    one.driver.transport$.subscribe((event) => events.push(event));
    await latestWith(one, (r) => r.link === 'up', 'unit 1 up');
    hub.unplug(BUS);
    await eventuallyFound(() => events.some((e) => e.type === 'unplugged'), { what: 'unplugged event' });
    await latestWith(one, (r) => r.link === 'down', 'link down on unplug');
    hub.replug(BUS);
    await eventuallyFound(() => events.some((e) => e.type === 'replugged'), { what: 'replugged event' });
    await latestWith(one, (r) => r.link === 'up', 'link up after replug');
  });
});
