import { DeviceReadingSchema } from '@lobby/contracts';
import { ReceiptBoxStatus } from './receipt-box.codec';
import { garbledReceiptBoxReading, silentReceiptBoxReading, toReceiptBoxReading } from './receipt-box.mapper';

const idle: ReceiptBoxStatus = {
  paperLow: false,
  paperOut: false,
  ribbonLow: false,
  ribbonOut: false,
  printHeadError: false,
  doorOpen: false,
  paperJam: false,
  reserved: false,
  totalCompartments: 4,
  fullCompartments: 1,
  linesPrinted: 77,
};

describe(toReceiptBoxReading.name, () => {
  it('maps an idle box to ok, valid against the contract schema', () => {
    const reading = toReceiptBoxReading(idle);
    expect(DeviceReadingSchema.parse(reading)).toEqual(reading);
    expect(reading).toMatchObject({ state: 'ok', faults: [], counters: { linesPrinted: 77 }, compartments: { total: 4, full: 1 } });
  });
  it('maps low consumables to warning and out to fault', () => {
    expect(toReceiptBoxReading({ ...idle, paperLow: true })).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' }, ribbon: { level: 'ok' } } });
    expect(toReceiptBoxReading({ ...idle, ribbonLow: true })).toMatchObject({ state: 'warning', consumables: { ribbon: { level: 'low' } } });
    expect(toReceiptBoxReading({ ...idle, paperLow: true, paperOut: true })).toMatchObject({ state: 'fault', consumables: { paper: { level: 'out' } } });
    expect(toReceiptBoxReading({ ...idle, ribbonOut: true })).toMatchObject({ state: 'fault', faults: [], consumables: { ribbon: { level: 'out' } } });
  });
  it('maps each fault flag and all compartments full', () => {
    const reading = toReceiptBoxReading({ ...idle, printHeadError: true, doorOpen: true, paperJam: true, fullCompartments: 4 });
    expect(reading.faults).toEqual(['print-head-error', 'door-open', 'paper-jam', 'compartments-full']);
    expect(toReceiptBoxReading({ ...idle, totalCompartments: 0, fullCompartments: 0 }).faults).toEqual([]);
  });
});

describe(silentReceiptBoxReading.name, () => {
  it('keeps the last state with link down, or unknown consumables when never read', () => {
    const previous = toReceiptBoxReading({ ...idle, doorOpen: true });
    expect(silentReceiptBoxReading(previous)).toEqual({ ...previous, link: 'down' });
    expect(silentReceiptBoxReading(undefined)).toMatchObject({ link: 'down', consumables: { paper: { level: 'unknown' } } });
    expect(garbledReceiptBoxReading(previous)).toMatchObject({ link: 'up', state: 'fault', faults: ['protocol-error'], counters: { linesPrinted: 77 } });
  });
});
