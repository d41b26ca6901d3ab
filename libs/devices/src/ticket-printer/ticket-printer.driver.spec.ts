import { AgentDeviceConfig } from '@lobby/contracts';
import { CommandError } from '../core/device-driver';
import { DriverHarness } from '../testing/driver-harness';
import { eventuallyFound } from '@lobby/runtime';
import { TicketPrinterDriver } from './ticket-printer.driver';
import { ticketPrinterModule } from './ticket-printer.module';
import { TicketPrinterSimulator } from './ticket-printer.simulator';

let seq = 0;
const config = (settings: AgentDeviceConfig['settings'] = {}): AgentDeviceConfig => ({
  id: `tp-${++seq}`,
  kind: 'ticket-printer',
  transport: { type: 'serial', path: `sim:tp-${seq}` },
  settings: { pollIntervalMs: 50, timeoutMs: 40, ...settings },
});

describe(TicketPrinterDriver.name, () => {
  let h: DriverHarness;
  const sim = (): TicketPrinterSimulator => h.simulator as TicketPrinterSimulator;

  afterEach(async () => {
    await h.stop();
  });

  it('reads status and the ticket counter and follows paper near-end', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    const first = await h.nextReading((r) => r.link === 'up');
    expect(first).toEqual({
      kind: 'ticket-printer',
      link: 'up',
      state: 'ok',
      faults: [],
      consumables: { paper: { level: 'ok' } },
      counters: { ticketsPrinted: 1000 },
    });
    sim().apply('issue-ticket');
    sim().apply('paper-near-end');
    const low = await h.nextReading((r) => r.consumables?.paper?.level === 'low');
    expect(low).toMatchObject({ state: 'warning', counters: { ticketsPrinted: 1001 } });
  });

  it('maps cover open and paper out to faults', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    sim().apply('cover-open');
    await h.nextReading((r) => r.faults.includes('cover-open') && r.state === 'fault');
    sim().apply('cover-close');
    sim().apply('paper-out');
    const out = await h.nextReading((r) => r.consumables?.paper?.level === 'out');
    expect(out).toMatchObject({ state: 'fault', faults: [] });
  });

  it('goes link down within the timeout when silent and back up on resume', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    await h.nextReading((r) => r.link === 'up');
    sim().apply('paper-near-end');
    await h.nextReading((r) => r.state === 'warning');
    const silencedAt = Date.now();
    sim().apply('silent');
    const down = await h.nextReading((r) => r.link === 'down', 2000);
    // Two tries of 40 ms plus drains and one poll period; generous bound for a loaded CI box.
    expect(Date.now() - silencedAt).toBeLessThan(1000);
    expect(down).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' } } });
    await expect(h.driver.execute('status.refresh')).rejects.toMatchObject({ code: 'link-down' });
    sim().apply('resume');
    await h.nextReading((r) => r.link === 'up');
  });

  it('keeps reading correctly through noise and XON/XOFF on the line', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    await h.nextReading((r) => r.link === 'up');
    sim().apply('cover-open');
    for (let i = 0; i < 5; i += 1) {
      sim().apply('garbage');
      await h.nextReading(() => true);
    }
    const reading = await h.nextReading((r) => r.link === 'up');
    expect(reading).toMatchObject({ state: 'fault', faults: ['cover-open'], counters: { ticketsPrinted: 1000 } });
    expect(h.readings.every((r) => r.link === 'up')).toBe(true);
    expect((h.driver as TicketPrinterDriver).noiseBytes).toBeGreaterThan(0);
  });

  it('refreshes on command and refuses what a ticket printer cannot do', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    await h.nextReading((r) => r.link === 'up');
    sim().apply('issue-ticket');
    await h.driver.execute('status.refresh');
    expect(h.readings.at(-1)).toMatchObject({ counters: { ticketsPrinted: 1001 } });
    expect(h.driver.supports('power.off')).toBe(false);
    await expect(h.driver.execute('power.off')).rejects.toEqual(expect.any(CommandError));
    await expect(h.driver.execute('power.off')).rejects.toMatchObject({ code: 'unsupported' });
    await expect(h.driver.execute('ribbon.reset')).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('resets the cut counter (GS g 0) and reports the new count at once', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    await h.nextReading((r) => r.counters?.ticketsPrinted === 1000);
    expect(h.driver.supports('counter.reset')).toBe(true);
    await h.driver.execute('counter.reset');
    expect(h.readings.at(-1)).toMatchObject({ counters: { ticketsPrinted: 0 } });
    sim().apply('issue-ticket');
    await h.nextReading((r) => r.counters?.ticketsPrinted === 1);
  });

  it('switches a printer off when configured to, then reports power-off', async () => {
    h = await new DriverHarness(ticketPrinterModule, config({ supportsPowerOff: true })).start();
    await h.nextReading((r) => r.link === 'up');
    expect(h.driver.supports('power.off')).toBe(true);
    await h.driver.execute('power.off');
    expect(h.readings.at(-1)).toMatchObject({ link: 'down', state: 'power-off' });
    await h.nextReading((r) => r.link === 'down' && r.state === 'power-off');
    sim().apply('power-on');
    await h.nextReading((r) => r.link === 'up' && r.state === 'ok');
  });

  it('reports unplug and replug of its port and recovers', async () => {
    h = await new DriverHarness(ticketPrinterModule, config()).start();
    await h.nextReading((r) => r.link === 'up');
    h.hub.unplug(h.path);
    await h.nextReading((r) => r.link === 'down');
    expect(h.transport).toEqual([expect.objectContaining({ type: 'unplugged', path: h.path })]);
    h.hub.replug(h.path);
    await h.nextReading((r) => r.link === 'up');
    await eventuallyFound(() => h.transport.length === 2);
    expect(h.transport[1]).toEqual({ type: 'replugged', path: h.path });
  });
});
