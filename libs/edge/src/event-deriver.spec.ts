import { DeviceReading } from '@lobby/contracts';
import { deriveEvents } from './event-deriver';

const base: DeviceReading = { kind: 'ticket-printer', link: 'up', state: 'ok', faults: [] };
const reading = (patch: Partial<DeviceReading>): DeviceReading => ({ ...base, ...patch });
const paper = (level: 'ok' | 'low' | 'out' | 'unknown') => ({ consumables: { paper: { level } } });
const ribbon = (level: 'ok' | 'low' | 'out' | 'unknown') => ({ consumables: { ribbon: { level } } });
const types = (prev: DeviceReading | undefined, next: DeviceReading) => deriveEvents(prev, next).map((e) => e.type);

describe(deriveEvents.name, () => {
  it('derives nothing from a first reading', () => {
    expect(deriveEvents(undefined, reading({ faults: ['cover-open'] }))).toEqual([]);
  });

  it('sees paper replaced when paper goes from out or low to ok', () => {
    expect(deriveEvents(reading(paper('out')), reading(paper('ok')))).toEqual([{ type: 'paper.replaced', data: { from: 'out' } }]);
    expect(types(reading(paper('low')), reading(paper('ok')))).toEqual(['paper.replaced']);
  });

  it('does not see paper replaced for ok → ok, out → low, or unknown → ok', () => {
    expect(types(reading(paper('ok')), reading(paper('ok')))).toEqual([]);
    expect(types(reading(paper('out')), reading(paper('low')))).toEqual([]);
    expect(types(reading(paper('unknown')), reading(paper('ok')))).toEqual([]);
  });

  it('sees ribbon replaced likewise', () => {
    expect(types(reading({ kind: 'receipt-box', ...ribbon('out') }), reading({ kind: 'receipt-box', ...ribbon('ok') }))).toEqual([
      'ribbon.replaced',
    ]);
  });

  it('sees the cover open and close', () => {
    expect(types(reading({}), reading({ faults: ['paper-jam', 'cover-open'] }))).toEqual(['cover.opened']);
    expect(types(reading({ faults: ['cover-open'] }), reading({}))).toEqual(['cover.closed']);
    expect(types(reading({ faults: ['cover-open'] }), reading({ faults: ['cover-open'] }))).toEqual([]);
  });

  it('sees the door open and close', () => {
    expect(types(reading({ kind: 'receipt-box' }), reading({ kind: 'receipt-box', faults: ['door-open'] }))).toEqual(['door.opened']);
    expect(types(reading({ kind: 'receipt-box', faults: ['door-open'] }), reading({ kind: 'receipt-box' }))).toEqual(['door.closed']);
  });

  it('says nothing across a reading from a silent device', () => {
    const down = reading({ link: 'down', state: 'offline', faults: [] });
    expect(types(reading({ faults: ['cover-open'] }), down)).toEqual([]);
    expect(types(down, reading({ faults: ['cover-open'] }))).toEqual([]);
  });

  it('sees cash replenished when a unit count rises, per unit', () => {
    const cash = (c1: number, c2: number): Partial<DeviceReading> => ({
      kind: 'cash-dispenser',
      cash: [
        { unit: 'CASS1', currency: 'CNY', denomination: 100, count: c1, level: 'ok' },
        { unit: 'CASS2', currency: 'CNY', denomination: 50, count: c2, level: 'ok' },
      ],
    });
    expect(deriveEvents(reading(cash(100, 500)), reading(cash(2000, 490)))).toEqual([
      { type: 'cash.replenished', data: { unit: 'CASS1', currency: 'CNY', denomination: 100, before: 100, after: 2000 } },
    ]);
    expect(types(reading(cash(100, 500)), reading(cash(90, 480)))).toEqual([]);
  });

  it('derives several events from one change', () => {
    expect(types(reading({ faults: ['cover-open'], ...paper('out') }), reading(paper('ok')))).toEqual(['paper.replaced', 'cover.closed']);
  });
});
