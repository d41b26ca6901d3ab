import { AddressInfo, Server, createServer } from 'node:net';
import { createBroker } from 'aedes';
import mqtt from 'mqtt';
import { AgentDeviceConfig, DeviceReading, DeviceReadingSchema } from '@lobby/contracts';
import { CashDispenserDriver, CashDispenserSimulator, DriverContext, cashDispenserModule } from '@lobby/devices';
import { JsonLogger, SystemClock } from '@lobby/platform';
import { eventuallyFound } from '@lobby/runtime';

jest.setTimeout(30_000);

const DEVICE = 'atm-1';
const SILENCE_MS = 1000;

describe('cash dispenser driver ↔ simulator over a real MQTT broker', () => {
  const clock = new SystemClock();
  const logger = new JsonLogger('test', 'error');
  let broker: ReturnType<typeof createBroker>;
  let server: Server;
  let url: string;
  let driver: CashDispenserDriver;
  let simulator: CashDispenserSimulator;
  let readings: DeviceReading[];

  const latest = () => readings[readings.length - 1];
  const latestWith = (test: (reading: DeviceReading) => boolean, what: string) =>
    eventuallyFound(() => {
      const reading = latest();
      return reading && test(reading) ? reading : undefined;
    }, { what, timeoutMs: 5000 });

  beforeEach(async () => {
    broker = createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const config: AgentDeviceConfig = {
      id: DEVICE,
      kind: 'cash-dispenser',
      transport: { type: 'mqtt', url },
      settings: { silenceTimeoutMs: SILENCE_MS },
    };
    const context: DriverContext = { clock, logger, ports: { acquire: () => { throw new Error('no serial ports here'); } } };
    driver = cashDispenserModule.createDriver(config, context) as CashDispenserDriver;
    readings = [];
    driver.readings$.subscribe((reading) => readings.push(reading));
    const subscribed = new Promise<void>((resolve) => broker.on('subscribe', () => resolve()));
    await driver.start();
    await subscribed;

    simulator = new CashDispenserSimulator({ url, deviceId: DEVICE, clock, logger, heartbeatMs: 60_000 });
    await simulator.start();
    await latestWith((reading) => reading.link === 'up', 'first status');
  });

  afterEach(async () => {
    await simulator.stop();
    await driver.stop();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('maps the first full status: cassettes, paper and ribbon', () => {
    const reading = latest();
    expect(DeviceReadingSchema.safeParse(reading).success).toBe(true);
    expect(reading).toMatchObject({ kind: 'cash-dispenser', link: 'up', state: 'ok', faults: [] });
    expect(reading.consumables).toEqual({ paper: { level: 'ok' }, ribbon: { level: 'ok' } });
    expect(reading.cash).toHaveLength(4);
    expect(reading.cash?.[0]).toEqual({ unit: 'CASS1', currency: 'CNY', denomination: 100, count: 1000, level: 'ok' });
  });

  it('shows paper-low in a reading and keeps the sections the change did not carry', async () => {
    simulator.apply('paper-low');
    const reading = await latestWith((r) => r.consumables?.paper?.level === 'low', 'paper low');
    expect(reading.state).toBe('warning');
    expect(reading.cash).toHaveLength(4);
  });

  it('follows dispensing down to an empty cassette, and faults', async () => {
    for (let i = 0; i < 5; i++) simulator.apply('dispense');
    const empty = await latestWith((r) => r.cash?.[0]?.level === 'empty', 'CASS1 empty');
    expect(empty.cash?.[0]?.count).toBe(0);
    simulator.apply('safe-door-open');
    simulator.apply('hardware-error');
    const faulted = await latestWith((r) => r.faults.includes('hardware-error'), 'hardware error');
    expect(faulted).toMatchObject({ state: 'fault', faults: expect.arrayContaining(['safe-door-open', 'hardware-error']) });
  });

  it('rejects bad JSON and wrong types, counts them, and keeps working', async () => {
    simulator.apply('bad-json');
    await eventuallyFound(() => driver.rejectedCount === 1, { what: 'bad json rejected' });
    const raw = await mqtt.connectAsync(url);
    await raw.publishAsync(`xfs/${DEVICE}/status`, JSON.stringify({ common: { device: 42 } }), { qos: 1 });
    await raw.endAsync();
    await eventuallyFound(() => driver.rejectedCount === 2, { what: 'wrong type rejected' });
    expect(latest()?.state).toBe('ok');
    simulator.apply('paper-out');
    await latestWith((r) => r.consumables?.paper?.level === 'out', 'paper out after the rejects');
  });

  it('reports link down after silenceTimeoutMs of silence, and up again on the next message', async () => {
    const silencedAt = Date.now();
    simulator.apply('silent');
    simulator.apply('paper-low');
    const down = await latestWith((r) => r.link === 'down', 'link down');
    expect(Date.now() - silencedAt).toBeGreaterThanOrEqual(SILENCE_MS - 100);
    expect(down.consumables?.paper?.level).toBe('ok');
    await expect(driver.execute('status.refresh')).rejects.toMatchObject({ code: 'link-down' });
    simulator.apply('resume');
    const up = await latestWith((r) => r.link === 'up', 'link up again');
    expect(up.consumables?.paper?.level).toBe('low');
  });

  it('republishes the last reading on status.refresh and refuses power.off', async () => {
    const count = readings.length;
    await driver.execute('status.refresh');
    expect(readings).toHaveLength(count + 1);
    expect(readings[count]).toEqual(readings[count - 1]);
    expect(driver.supports('power.off')).toBe(false);
    await expect(driver.execute('power.off')).rejects.toMatchObject({ code: 'unsupported' });
  });
});
