import { AgentDeviceConfig } from '@lobby/contracts';
import { ManualClock } from '@lobby/runtime';
import { SimulatorHub } from './core/simulator-hub';
import { DEVICE_MODULES, deviceModuleFor } from './device-registry';
import { ReceiptBoxSimulator } from './receipt-box';
import { hostSimulators } from './sim-host';
import { TicketPrinterSimulator } from './ticket-printer';

const device = (id: string, kind: AgentDeviceConfig['kind'], path: string): AgentDeviceConfig => ({ id, kind, transport: { type: 'serial', path } });

describe(hostSimulators.name, () => {
  it('attaches a simulator of the right kind to each sim: path and skips real ports', () => {
    const hub = new SimulatorHub();
    const clock = new ManualClock();
    const hosted = hostSimulators(
      [device('tp', 'ticket-printer', 'sim:tp'), device('rb', 'receipt-box', 'sim:rb'), device('real', 'ticket-printer', '/dev/ttyUSB0')],
      { clock, hub, autoplay: false },
    );
    expect([...hosted.simulators.keys()]).toEqual(['tp', 'rb']);
    expect(hub.simulators('sim:tp')[0]).toBeInstanceOf(TicketPrinterSimulator);
    expect(hub.simulators('sim:rb')[0]).toBeInstanceOf(ReceiptBoxSimulator);
    hosted.stop();
    expect(hub.simulators('sim:tp')).toEqual([]);
  });

  it('starts autoplay so the demo moves', () => {
    const hub = new SimulatorHub();
    const clock = new ManualClock();
    const hosted = hostSimulators([device('tp', 'ticket-printer', 'sim:tp')], { clock, hub });
    const printer = hosted.simulators.get('tp') as TicketPrinterSimulator;
    const before = printer.ticketsPrinted;
    clock.advance(30_000);
    expect(printer.ticketsPrinted).toBeGreaterThan(before);
    hosted.stop();
  });
});

describe('DEVICE_MODULES', () => {
  it('registers each module under its own kind, byte-stream ones with a simulator', () => {
    for (const [kind, module] of Object.entries(DEVICE_MODULES)) {
      expect(module.kind).toBe(kind);
      if (!module.transportTypes.includes('mqtt')) expect(typeof module.createSimulator).toBe('function');
    }
    expect(deviceModuleFor('receipt-box').transportTypes).toEqual(['serial']);
    expect(deviceModuleFor('ticket-printer').transportTypes).toEqual(['serial']);
  });
});
