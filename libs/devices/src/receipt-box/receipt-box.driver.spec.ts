import { map } from 'rxjs';
import { AgentDeviceConfig } from '@lobby/contracts';
import { ByteSimulator } from '../core/device-driver';
import { DriverHarness } from '../testing/driver-harness';
import { eventuallyFound } from '@lobby/runtime';
import { ReceiptBoxDriver } from './receipt-box.driver';
import { receiptBoxModule } from './receipt-box.module';

let seq = 0;
const config = (): AgentDeviceConfig => ({
  id: `rb-${++seq}`,
  kind: 'receipt-box',
  transport: { type: 'serial', path: `sim:rb-${seq}` },
  settings: { pollIntervalMs: 50, timeoutMs: 40 },
});

describe(ReceiptBoxDriver.name, () => {
  let h: DriverHarness;
  const driver = (): ReceiptBoxDriver => h.driver as ReceiptBoxDriver;

  beforeEach(async () => {
    h = await new DriverHarness(receiptBoxModule, config()).start();
    await h.nextReading((r) => r.link === 'up');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('maps the status frame to a reading', async () => {
    expect(h.readings.at(-1)).toEqual({
      kind: 'receipt-box',
      link: 'up',
      state: 'ok',
      faults: [],
      consumables: { paper: { level: 'ok' }, ribbon: { level: 'ok' } },
      counters: { linesPrinted: 120000 },
      compartments: { total: 8, full: 0 },
    });
    h.simulator.apply('print-lines');
    h.simulator.apply('paper-low');
    h.simulator.apply('ribbon-wear');
    h.simulator.apply('ribbon-wear');
    h.simulator.apply('door-open');
    h.simulator.apply('fill-compartments');
    const reading = await h.nextReading((r) => r.faults.includes('door-open'));
    expect(reading).toMatchObject({
      state: 'fault',
      faults: ['door-open', 'compartments-full'],
      consumables: { paper: { level: 'low' }, ribbon: { level: 'out' } },
      counters: { linesPrinted: 120012 },
      compartments: { total: 8, full: 8 },
    });
  });

  it('goes link down when silent and back up on resume', async () => {
    h.simulator.apply('silent');
    const down = await h.nextReading((r) => r.link === 'down', 2000);
    expect(down).toMatchObject({ state: 'ok', counters: { linesPrinted: 120000 } });
    await expect(h.driver.execute('ribbon.reset')).rejects.toMatchObject({ code: 'timeout' });
    h.simulator.apply('resume');
    await h.nextReading((r) => r.link === 'up');
  });

  it('NAKs a corrupt reply and takes the resent one', async () => {
    h.simulator.apply('corrupt-next');
    await eventuallyFound(() => driver().stats.naksSent >= 1, { what: 'a NAK sent' });
    const reading = await h.nextReading(() => true);
    expect(reading).toMatchObject({ link: 'up', state: 'ok' });
    expect(h.readings.some((r) => r.faults.includes('protocol-error'))).toBe(false);
  });

  it('resends its request after a NAK from the box', async () => {
    // The box NAKs what it cannot read: corrupt our next request on the way out.
    const port = h.hub;
    const original = port.transmit.bind(port);
    let corrupted = false;
    jest.spyOn(port, 'transmit').mockImplementation((path, bytes) => {
      if (!corrupted && bytes.length > 1) {
        corrupted = true;
        const bad = Buffer.from(bytes);
        bad[bad.length - 1] ^= 0x55;
        return original(path, bad);
      }
      return original(path, bytes);
    });
    await eventuallyFound(() => driver().stats.naksReceived === 1, { what: 'a NAK received' });
    const reading = await h.nextReading(() => true);
    expect(reading).toMatchObject({ link: 'up', state: 'ok' });
  });

  it('reports protocol-error when every reply is bad, with the link up', async () => {
    // A line that flips a bit in every frame the box sends: NAK and resend cannot help.
    const box = h.simulator;
    h.hub.detach(h.path, box);
    const corrupting: ByteSimulator = {
      receive: (bytes) => box.receive(bytes),
      output$: box.output$.pipe(map((bytes) => (bytes.length > 1 ? Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes[bytes.length - 1] ^ 1])]) : bytes))),
      apply: (action) => box.apply(action),
      stop: () => undefined,
    };
    h.hub.attach(h.path, corrupting);
    const reading = await h.nextReading((r) => r.faults.includes('protocol-error'));
    expect(reading).toMatchObject({ link: 'up', state: 'fault', counters: { linesPrinted: 120000 } });
    expect(driver().stats.naksSent).toBeGreaterThanOrEqual(2);
  });

  it('keeps reading through garbage on the line', async () => {
    for (let i = 0; i < 5; i += 1) {
      h.simulator.apply('garbage');
      await h.nextReading(() => true);
    }
    const reading = await h.nextReading(() => true);
    expect(reading).toMatchObject({ link: 'up', state: 'ok' });
    expect(h.readings.every((r) => r.link === 'up' && r.faults.length === 0)).toBe(true);
    expect(driver().stats.noiseBytes + driver().stats.badFrames).toBeGreaterThan(0);
  });

  it('resets the ribbon and reports ribbon.replaced', async () => {
    h.simulator.apply('ribbon-wear');
    await h.nextReading((r) => r.consumables?.ribbon?.level === 'low');
    await h.driver.execute('ribbon.reset');
    expect(h.events).toEqual([{ type: 'ribbon.replaced', data: { linesPrinted: 120000 } }]);
    expect(h.readings.at(-1)).toMatchObject({ state: 'ok', consumables: { ribbon: { level: 'ok' } } });
    await expect(h.driver.execute('power.off')).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('reports unplug and replug and recovers', async () => {
    h.hub.unplug(h.path);
    await h.nextReading((r) => r.link === 'down');
    h.hub.replug(h.path);
    await h.nextReading((r) => r.link === 'up');
    expect(h.transport.map((e) => e.type)).toEqual(['unplugged', 'replugged']);
  });
});
