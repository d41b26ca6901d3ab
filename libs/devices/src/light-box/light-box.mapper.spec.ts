import { toLightBoxReading } from './light-box.mapper';

const sample = (switchedOn: boolean, currentMa: number) => ({ type: 'sample' as const, switchedOn, currentMa, supplyDeciVolts: 2300 });

describe(toLightBoxReading.name, () => {
  it.each([
    [true, 420, 'ok', []],
    [true, 49, 'fault', ['lamp-failure']],
    [true, 50, 'ok', []],
    [false, 0, 'ok', []],
    [false, 50, 'ok', []],
    [false, 51, 'fault', ['relay-stuck']],
  ])('relay on=%s at %i mA with a 50 mA threshold is %s %j', (on, currentMa, state, faults) => {
    expect(toLightBoxReading(sample(on, currentMa), undefined, 50)).toEqual({
      kind: 'light-box',
      link: 'up',
      state,
      faults,
      lamp: { switchedOn: on, currentMa },
    });
  });

  it('keeps the last known state, faults and lamp when the box falls silent', () => {
    const failed = toLightBoxReading(sample(true, 0), undefined, 50);
    expect(toLightBoxReading({ type: 'silent' }, failed, 50)).toEqual({ ...failed, link: 'down' });
    expect(toLightBoxReading({ type: 'silent' }, undefined, 50)).toEqual({ kind: 'light-box', link: 'down', state: 'ok', faults: [] });
  });

  it('makes a protocol error a fault with the link up', () => {
    expect(toLightBoxReading({ type: 'protocol-error', detail: 'exception 4' }, undefined, 50)).toEqual({
      kind: 'light-box',
      link: 'up',
      state: 'fault',
      faults: ['protocol-error'],
    });
  });
});
