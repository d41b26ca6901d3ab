import type { DeviceReading } from '@lobby/contracts';
import { parseAlertingConfig } from './alerting-config';
import { evaluateAgent, evaluateDevice } from './rule-evaluator';

const { rules } = parseAlertingConfig({});
const printer = { id: 'TP-1', branchId: 'B1', kind: 'ticket-printer' as const, name: '取号机', decommissioned: false };
const on = { expectedOn: true, lightRequired: false };
const off = { expectedOn: false, lightRequired: false };
const reading = (patch: Partial<DeviceReading>): DeviceReading => ({ kind: 'ticket-printer', link: 'up', state: 'ok', faults: [], consumables: { paper: { level: 'ok' } }, ...patch });
const types = (r: ReturnType<typeof evaluateDevice>) => r.hits.map((h) => `${h.alertKey.type}${h.alertKey.code ? `:${h.alertKey.code}` : ''}`).sort();

describe('evaluateDevice', () => {
  it('raises nothing for a healthy device and knows every rule of its kind', () => {
    const result = evaluateDevice(rules, printer, reading({}), on);
    expect(result.hits).toEqual([]);
    expect(result.known.has('paper-low')).toBe(true);
    expect(result.known.has('lightbox-off')).toBe(false);
  });

  it('gives one hit per fault code, consumable level and cash unit', () => {
    const result = evaluateDevice(rules, printer, reading({ state: 'fault', faults: ['cutter-error', 'cover-open', 'cutter-error'], consumables: { paper: { level: 'out' } } }), on);
    expect(types(result)).toEqual(['door-open:cover-open', 'fault:cutter-error', 'paper-out']);
    expect(result.hits.find((h) => h.alertKey.type === 'paper-out')?.severity).toBe('critical');
    expect(result.hits.find((h) => h.alertKey.type === 'fault')?.message).toEqual({ zh: '取号机切刀故障', en: '取号机: cutter jammed' });
    const atm = { ...printer, id: 'ATM-1', kind: 'cash-dispenser' as const, name: null };
    const cash = evaluateDevice(rules, atm, { kind: 'cash-dispenser', link: 'up', state: 'warning', faults: ['safe-door-open'], cash: [
      { unit: 'CASS1', currency: 'CNY', denomination: 100, count: 10, level: 'low' },
      { unit: 'CASS2', currency: 'CNY', denomination: 100, count: 0, level: 'missing' },
      { unit: 'CASS3', currency: 'CNY', denomination: 50, count: 0, level: 'empty' },
    ], consumables: { paper: { level: 'out' } } }, on);
    expect(types(cash)).toEqual(['cash-empty:CASS3', 'cash-low:CASS1', 'cash-unit:CASS2', 'paper-out', 'safe-door-open:safe-door-open']);
    expect(cash.hits.find((h) => h.alertKey.type === 'paper-out')?.severity).toBe('major');
  });

  it('calls a silent or switched-off device offline only while its schedule says on', () => {
    expect(types(evaluateDevice(rules, printer, reading({ link: 'down' }), on))).toEqual(['device-offline']);
    expect(types(evaluateDevice(rules, printer, reading({ state: 'power-off' }), on))).toEqual(['device-offline']);
    expect(evaluateDevice(rules, printer, reading({ link: 'down' }), off).hits).toEqual([]);
    expect(evaluateDevice(rules, printer, reading({ state: 'power-off' }), off).hits).toEqual([]);
  });

  it('leaves the stale faults of a silent device neither raised nor cleared', () => {
    const result = evaluateDevice(rules, printer, reading({ link: 'down', faults: ['cutter-error'] }), off);
    expect(result.hits).toEqual([]);
    expect([...result.known]).toEqual(['device-offline']);
  });

  it('clears everything of a decommissioned device', () => {
    const result = evaluateDevice(rules, { ...printer, decommissioned: true }, reading({ faults: ['cutter-error'] }), on);
    expect(result.hits).toEqual([]);
    expect(result.known.has('hardware-fault')).toBe(true);
  });

  it('sees an unlit light box only during its lighting hours, and full receipt compartments', () => {
    const box = { ...printer, id: 'LB-1', kind: 'light-box' as const };
    const unlit: DeviceReading = { kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: false, currentMa: 0 } };
    expect(types(evaluateDevice(rules, box, unlit, { expectedOn: true, lightRequired: true }))).toEqual(['lightbox-off']);
    expect(evaluateDevice(rules, box, unlit, { expectedOn: true, lightRequired: false }).hits).toEqual([]);
    const failed: DeviceReading = { ...unlit, state: 'fault', faults: ['lamp-failure'], lamp: { switchedOn: true, currentMa: 3 } };
    expect(types(evaluateDevice(rules, box, failed, { expectedOn: true, lightRequired: true }))).toEqual(['fault:lamp-failure', 'lightbox-off']);
    const receipt = { ...printer, id: 'RB-1', kind: 'receipt-box' as const };
    expect(types(evaluateDevice(rules, receipt, { kind: 'receipt-box', link: 'up', state: 'warning', faults: [], compartments: { total: 8, full: 8 } }, on))).toEqual(['compartments-full']);
  });
});

const B1 = { id: 'B1', name: '朝阳支行' };

describe('evaluateAgent', () => {
  it('knows only what the facts tell', () => {
    const dead = evaluateAgent(rules, B1, { online: false });
    expect(dead.hits.map((h) => h.alertKey)).toEqual([{ branchId: 'B1', deviceId: null, type: 'agent-offline', code: null }]);
    expect([...dead.known]).toEqual(['agent-offline']);
    const health = evaluateAgent(rules, B1, { health: { missingSeq: 3, clockSkewMs: -400_000 } });
    expect(health.hits.map((h) => h.alertKey.type).sort()).toEqual(['clock-skew', 'seq-gap']);
    expect(evaluateAgent(rules, B1, { health: { missingSeq: 0, clockSkewMs: 1000 } }).hits).toEqual([]);
    expect(evaluateAgent(rules, B1, { event: 'buffer.dropped' }).hits.map((h) => h.alertKey.type)).toEqual(['data-loss']);
    expect(evaluateAgent(rules, B1, { event: 'device.unplugged' }).known.size).toBe(0);
  });
});
