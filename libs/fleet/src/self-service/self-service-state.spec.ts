import type { CashUnit, DeviceReading } from '@lobby/contracts';
import { machineCapabilities, selfServiceState } from './self-service-state';

const unit = (level: CashUnit['level']): CashUnit => ({ unit: 'CASS1', currency: 'CNY', denomination: 100, count: level === 'empty' ? 0 : 1000, level });
const reading = (extra: Partial<DeviceReading> = {}): DeviceReading => ({ kind: 'cash-dispenser', link: 'up', state: 'ok', faults: [], cash: [unit('ok')], ...extra });
const atm = (extra: Partial<DeviceReading> = {}) => ({ live: reading(extra), settings: {} });
const crs = (extra: Partial<DeviceReading> = {}) => ({ live: reading(extra), settings: { takesDeposits: true } });

describe('selfServiceState', () => {
  it('is null without cash machines and names what at least one machine can do', () => {
    expect(selfServiceState([])).toBeNull();
    expect(selfServiceState([atm()])).toBe('withdraw-only');
    expect(selfServiceState([crs()])).toBe('withdraw-and-deposit');
    expect(selfServiceState([atm(), crs({ faults: ['dispenser-stop'] })])).toBe('withdraw-and-deposit');
    expect(selfServiceState([crs({ faults: ['dispenser-stop'] })])).toBe('deposit-only');
  });

  it('is unavailable when no machine can serve: stopped, shutter jammed, offline, off, silent or unknown', () => {
    expect(selfServiceState([atm({ state: 'fault', faults: ['dispenser-stop'] })])).toBe('unavailable');
    expect(selfServiceState([crs({ state: 'fault', faults: ['shutter-jammed'] })])).toBe('unavailable');
    expect(selfServiceState([crs({ faults: ['hardware-error'] }), atm({ state: 'offline' })])).toBe('unavailable');
    expect(selfServiceState([atm({ state: 'power-off' }), atm({ link: 'down' })])).toBe('unavailable');
    expect(selfServiceState([{ live: null, settings: null }])).toBe('unavailable');
  });

  it('reads the cash units: empty ones cannot pay, full ones cannot take notes in', () => {
    expect(machineCapabilities(crs({ cash: [unit('empty'), unit('missing')] }))).toEqual({ withdraw: false, deposit: true });
    expect(machineCapabilities(crs({ cash: [unit('full')] }))).toEqual({ withdraw: true, deposit: false });
    expect(machineCapabilities(crs({ cash: [unit('inoperative')] }))).toEqual({ withdraw: false, deposit: false });
    // Units not reported yet: the dispenser alone decides.
    expect(machineCapabilities(atm({ cash: [] }))).toEqual({ withdraw: true, deposit: false });
  });
});
