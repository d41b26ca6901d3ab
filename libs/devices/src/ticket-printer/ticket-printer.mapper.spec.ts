import { DeviceReadingSchema } from '@lobby/contracts';
import { decodeStatusSet } from './escpos.codec';
import { silentTicketPrinterReading, toTicketPrinterReading } from './ticket-printer.mapper';

const read = (b1: number, b2: number, b3: number, b4: number, count?: number) =>
  toTicketPrinterReading(decodeStatusSet({ 1: b1, 2: b2, 3: b3, 4: b4 }), count);

describe(toTicketPrinterReading.name, () => {
  it('maps an idle printer to ok with the counter', () => {
    const reading = read(0x12, 0x12, 0x12, 0x12, 5231);
    expect(reading).toEqual({
      kind: 'ticket-printer',
      link: 'up',
      state: 'ok',
      faults: [],
      consumables: { paper: { level: 'ok' } },
      counters: { ticketsPrinted: 5231 },
    });
    expect(DeviceReadingSchema.parse(reading)).toEqual(reading);
  });

  it('maps paper near-end to a warning', () => {
    expect(read(0x12, 0x12, 0x12, 0x1e)).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' } } });
  });

  it('maps paper end to a fault with paper out', () => {
    expect(read(0x1a, 0x32, 0x12, 0x7e)).toMatchObject({ state: 'fault', faults: [], consumables: { paper: { level: 'out' } } });
  });

  it('maps cover open and each error cause to its fault code', () => {
    expect(read(0x1a, 0x16, 0x12, 0x12)).toMatchObject({ state: 'fault', faults: ['cover-open'] });
    expect(read(0x1a, 0x52, 0x7e, 0x12).faults).toEqual(['cutter-error', 'mechanical-error', 'unrecoverable-error', 'recoverable-error']);
  });

  it('reports a printer that says it is offline for no fault as offline', () => {
    expect(read(0x1a, 0x1a, 0x12, 0x12)).toMatchObject({ state: 'offline', faults: [] });
  });

  it('treats "error occurred" without a named cause as a fault', () => {
    expect(read(0x1a, 0x52, 0x12, 0x12)).toMatchObject({ state: 'fault', faults: [] });
  });
});

describe(silentTicketPrinterReading.name, () => {
  it('keeps the last known state, stale, with link down', () => {
    const previous = read(0x12, 0x12, 0x12, 0x1e, 10);
    expect(silentTicketPrinterReading(previous, false)).toEqual({ ...previous, link: 'down' });
  });
  it('says power-off for a printer we switched off', () => {
    expect(silentTicketPrinterReading(undefined, true)).toMatchObject({ link: 'down', state: 'power-off', consumables: { paper: { level: 'unknown' } } });
  });
});
