import { DeviceReadingSchema } from '@lobby/contracts';
import { mapXfsStatus, mergeXfsStatus } from './xfs-status.mapper';
import { XfsStatus, XfsStatusSchema } from './xfs-status.schema';

const parse = (json: unknown): XfsStatus => XfsStatusSchema.parse(json);
const map = (json: unknown) => mapXfsStatus(parse(json));

describe('XfsStatusSchema', () => {
  it('accepts every section of the contract example', () => {
    const status = parse({
      common: { device: 'online' },
      printer: { paper: { upper: 'full' }, toner: 'full' },
      cashManagement: { dispenser: 'ok', shutter: 'closed', safeDoor: 'doorClosed' },
      storage: { CASS1: { currency: 'CNY', value: 100, count: 1200, status: 'ok', replenishmentStatus: 'ok' } },
    });
    expect(status.storage?.CASS1?.count).toBe(1200);
  });

  it('accepts an empty message and ignores unknown fields', () => {
    expect(parse({})).toEqual({});
    expect(parse({ common: { device: 'online', vendorCode: 7 }, cardReader: { media: 'present' } })).toEqual({
      common: { device: 'online' },
    });
  });

  it.each([
    ['a number for the device state', { common: { device: 42 } }],
    ['an unknown device state', { common: { device: 'sleeping' } }],
    ['a string count', { storage: { CASS1: { count: '1200' } } }],
    ['a negative count', { storage: { CASS1: { count: -1 } } }],
    ['a fractional count', { storage: { CASS1: { count: 1.5 } } }],
    ['a lower-case currency', { storage: { CASS1: { currency: 'cny' } } }],
    ['a section that is not an object', { printer: 'ok' }],
    ['a top-level array', [{ common: { device: 'online' } }]],
    ['null', null],
  ])('rejects %s', (_what, json) => {
    expect(XfsStatusSchema.safeParse(json).success).toBe(false);
  });
});

describe(mergeXfsStatus.name, () => {
  it('updates only the sections and fields a message carries', () => {
    let state = parse({
      common: { device: 'online' },
      printer: { paper: { upper: 'full' }, toner: 'full' },
      storage: { CASS1: { currency: 'CNY', value: 100, count: 1200, replenishmentStatus: 'ok' } },
    });
    state = mergeXfsStatus(state, parse({ printer: { toner: 'low' } }));
    state = mergeXfsStatus(state, parse({ storage: { CASS1: { count: 90, replenishmentStatus: 'low' }, CASS2: { currency: 'CNY', value: 50, count: 500 } } }));
    expect(state).toEqual({
      common: { device: 'online' },
      printer: { paper: { upper: 'full' }, toner: 'low' },
      storage: {
        CASS1: { currency: 'CNY', value: 100, count: 90, replenishmentStatus: 'low' },
        CASS2: { currency: 'CNY', value: 50, count: 500 },
      },
    });
  });

  it('does not change its inputs', () => {
    const state = parse({ printer: { paper: { upper: 'full' } } });
    mergeXfsStatus(state, parse({ printer: { paper: { upper: 'out' } } }));
    expect(state).toEqual({ printer: { paper: { upper: 'full' } } });
  });
});

describe(mapXfsStatus.name, () => {
  it('maps a healthy machine to a valid, complete reading', () => {
    const reading = map({
      common: { device: 'online' },
      printer: { paper: { upper: 'full' }, toner: 'full' },
      cashManagement: { dispenser: 'ok', shutter: 'closed', safeDoor: 'doorClosed' },
      storage: { CASS1: { currency: 'CNY', value: 100, count: 1200, status: 'ok', replenishmentStatus: 'ok' } },
    });
    expect(reading).toEqual({
      kind: 'cash-dispenser',
      link: 'up',
      state: 'ok',
      faults: [],
      consumables: { paper: { level: 'ok' }, ribbon: { level: 'ok' } },
      cash: [{ unit: 'CASS1', currency: 'CNY', denomination: 100, count: 1200, level: 'ok' }],
    });
    expect(DeviceReadingSchema.safeParse(reading).success).toBe(true);
  });

  it.each([
    [{ common: { device: 'online' } }, { link: 'up', state: 'ok', faults: [] }],
    [{ common: { device: 'deviceBusy' } }, { link: 'up', state: 'ok', faults: [] }],
    [{ common: { device: 'offline' } }, { link: 'up', state: 'offline' }],
    [{ common: { device: 'powerOff' } }, { link: 'up', state: 'power-off' }],
    [{ common: { device: 'hardwareError' } }, { link: 'up', state: 'fault', faults: ['hardware-error'] }],
    [{ common: { device: 'noDevice' } }, { link: 'down' }],
    [{ common: { device: 'userError' } }, { link: 'up', state: 'warning', faults: [] }],
    [{ printer: { paper: { upper: 'full' } } }, { state: 'ok', consumables: { paper: { level: 'ok' }, ribbon: { level: 'unknown' } } }],
    [{ printer: { paper: { upper: 'low' } } }, { state: 'warning', consumables: { paper: { level: 'low' } } }],
    [{ printer: { paper: { upper: 'out' } } }, { state: 'warning', consumables: { paper: { level: 'out' } } }],
    [{ printer: { paper: { upper: 'jammed' } } }, { state: 'fault', faults: ['paper-jam'], consumables: { paper: { level: 'unknown' } } }],
    [{ printer: { paper: { upper: 'unknown' } } }, { state: 'ok', consumables: { paper: { level: 'unknown' } } }],
    [{ printer: { toner: 'full' } }, { consumables: { ribbon: { level: 'ok' } } }],
    [{ printer: { toner: 'low' } }, { state: 'warning', consumables: { ribbon: { level: 'low' } } }],
    [{ printer: { toner: 'out' } }, { state: 'warning', consumables: { ribbon: { level: 'out' } } }],
    [{ printer: { toner: 'unknown' } }, { consumables: { ribbon: { level: 'unknown' } } }],
    [{ cashManagement: { dispenser: 'stop' } }, { state: 'fault', faults: ['dispenser-stop'] }],
    [{ cashManagement: { dispenser: 'attention' } }, { state: 'warning', faults: [] }],
    [{ cashManagement: { shutter: 'jammedOpen' } }, { state: 'fault', faults: ['shutter-jammed'] }],
    [{ cashManagement: { shutter: 'jammedClosed' } }, { state: 'fault', faults: ['shutter-jammed'] }],
    [{ cashManagement: { shutter: 'open' } }, { state: 'ok', faults: [] }],
    [{ cashManagement: { safeDoor: 'doorOpen' } }, { state: 'fault', faults: ['safe-door-open'] }],
    [{ cashManagement: { safeDoor: 'doorClosed' } }, { state: 'ok', faults: [] }],
  ])('maps %j', (json, expected) => {
    expect(map(json)).toMatchObject(expected);
  });

  it('keeps faults listed while the machine reports itself offline', () => {
    expect(map({ common: { device: 'offline' }, cashManagement: { safeDoor: 'doorOpen' } })).toMatchObject({
      state: 'offline',
      faults: ['safe-door-open'],
    });
  });

  it.each([
    [{ status: 'ok', replenishmentStatus: 'full' }, 'full'],
    [{ status: 'ok', replenishmentStatus: 'high' }, 'high'],
    [{ status: 'ok', replenishmentStatus: 'ok' }, 'ok'],
    [{ status: 'ok', replenishmentStatus: 'low' }, 'low'],
    [{ status: 'ok', replenishmentStatus: 'empty' }, 'empty'],
    [{ status: 'missing', replenishmentStatus: 'full' }, 'missing'],
    [{ status: 'inoperative', replenishmentStatus: 'ok' }, 'inoperative'],
    [{ status: 'manipulated', replenishmentStatus: 'ok' }, 'inoperative'],
    [{}, 'ok'],
  ])('maps storage unit %j to level %s', (fields, level) => {
    const reading = map({ storage: { CASS1: { currency: 'CNY', value: 100, count: 10, ...fields } } });
    expect(reading.cash).toEqual([{ unit: 'CASS1', currency: 'CNY', denomination: 100, count: 10, level }]);
  });

  it('warns about a low or empty cassette and leaves out units not fully described yet', () => {
    const reading = map({
      storage: {
        CASS2: { currency: 'CNY', value: 100, count: 0, replenishmentStatus: 'empty' },
        CASS1: { currency: 'CNY', value: 100, count: 2000, replenishmentStatus: 'full' },
        CASS3: { count: 12 },
      },
    });
    expect(reading.state).toBe('warning');
    expect(reading.cash?.map((unit) => unit.unit)).toEqual(['CASS1', 'CASS2']);
  });
});
