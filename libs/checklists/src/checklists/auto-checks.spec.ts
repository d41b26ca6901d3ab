import { BranchCalendar } from '@lobby/calendar';
import type { DeviceReading } from '@lobby/contracts';
import { CheckContext, evaluateCheck } from './auto-checks';

const calendar = new BranchCalendar({ timezone: 'Asia/Shanghai' });
const beijing = { lat: 39.92, lon: 116.44 };
const MORNING = Date.parse('2026-11-30T00:30:00Z'); // 08:30 local
const EVENING = Date.parse('2026-11-30T11:00:00Z'); // 19:00 local, after sunset
const CLOSES = Date.parse('2026-11-30T09:00:00Z');

const printer = (patch: Partial<DeviceReading> = {}): DeviceReading => ({
  kind: 'ticket-printer',
  link: 'up',
  state: 'ok',
  faults: [],
  consumables: { paper: { level: 'ok' } },
  counters: { ticketsPrinted: 10 },
  ...patch,
});
const lightBox = (switchedOn: boolean, currentMa: number, patch: Partial<DeviceReading> = {}): DeviceReading => ({
  kind: 'light-box',
  link: 'up',
  state: 'ok',
  faults: [],
  lamp: { switchedOn, currentMa },
  ...patch,
});

function ctx(live: DeviceReading | null, patch: Partial<CheckContext> = {}): CheckContext {
  return {
    now: MORNING,
    calendar,
    location: beijing,
    closesAt: CLOSES,
    device: { kind: live?.kind ?? 'ticket-printer', settings: {}, live },
    runsOutAt: {},
    ...patch,
  };
}

describe(evaluateCheck.name, () => {
  it('device-ok: passes an answering device without faults, explains every failure', () => {
    expect(evaluateCheck('device-ok', {}, ctx(printer())).done).toBe(true);
    expect(evaluateCheck('device-ok', {}, ctx(printer({ state: 'warning', consumables: { paper: { level: 'low' } } }))).done).toBe(true);
    expect(evaluateCheck('device-ok', {}, ctx(null)).reason?.en).toBe('no status received yet');
    const down = evaluateCheck('device-ok', {}, ctx(printer({ link: 'down' })));
    expect(down).toMatchObject({ done: false, explainedBy: ['device-offline', 'agent-offline'] });
    const cover = evaluateCheck('device-ok', {}, ctx(printer({ state: 'fault', faults: ['cover-open'] })));
    expect(cover.reason).toEqual({ zh: '故障：机盖未关', en: 'fault: cover open' });
    expect(evaluateCheck('device-ok', {}, ctx(printer({ state: 'power-off' }))).done).toBe(false);
    expect(evaluateCheck('device-ok', {}, ctx(lightBox(false, 0, { state: 'power-off' }))).done).toBe(true);
  });

  it('consumable: fails on low or out, and when the forecast runs out before closing', () => {
    const paper = { consumable: 'paper' as const };
    expect(evaluateCheck('consumable', paper, ctx(printer())).done).toBe(true);
    expect(evaluateCheck('consumable', paper, ctx(printer({ consumables: { paper: { level: 'out' } } })))).toMatchObject({ done: false, explainedBy: ['paper-out'] });
    expect(evaluateCheck('consumable', paper, ctx(printer({ consumables: { paper: { level: 'low' } } })))).toMatchObject({ done: false, explainedBy: ['paper-low'] });
    const soon = evaluateCheck('consumable', paper, ctx(printer(), { runsOutAt: { paper: Date.parse('2026-11-30T06:30:00Z') } }));
    expect(soon.reason).toEqual({ zh: '预计 14:30 左右纸用完：开门前装新纸卷', en: 'will run out of paper around 14:30: load a new roll before opening' });
    expect(evaluateCheck('consumable', paper, ctx(printer(), { runsOutAt: { paper: CLOSES + 1 } })).done).toBe(true);
    const ribbon = evaluateCheck('consumable', { consumable: 'ribbon' }, ctx(printer({ consumables: { ribbon: { level: 'out' } } })));
    expect(ribbon.reason?.en).toBe('ribbon worn out');
  });

  it('switched-on and powered-off follow the power state', () => {
    expect(evaluateCheck('switched-on', {}, ctx(printer())).done).toBe(true);
    expect(evaluateCheck('switched-on', {}, ctx(printer({ state: 'power-off' }))).reason?.en).toBe('switched off');
    expect(evaluateCheck('powered-off', {}, ctx(printer())).done).toBe(false);
    expect(evaluateCheck('powered-off', {}, ctx(printer({ state: 'power-off' }))).done).toBe(true);
  });

  it('lamp-per-schedule: dark by day, lit after sunset (default schedule), lit per its own schedule', () => {
    expect(evaluateCheck('lamp-per-schedule', {}, ctx(lightBox(false, 0))).done).toBe(true);
    expect(evaluateCheck('lamp-per-schedule', {}, ctx(lightBox(true, 400))).reason?.en).toBe('lit, but its schedule says off');
    expect(evaluateCheck('lamp-per-schedule', {}, ctx(lightBox(true, 400), { now: EVENING })).done).toBe(true);
    expect(evaluateCheck('lamp-per-schedule', {}, ctx(lightBox(false, 0), { now: EVENING }))).toMatchObject({ done: false, explainedBy: ['lightbox-off'] });
    const failed = evaluateCheck('lamp-per-schedule', {}, ctx(lightBox(true, 10, { state: 'fault', faults: ['lamp-failure'] }), { now: EVENING }));
    expect(failed.reason?.zh).toBe('灯管故障（电流 10 毫安）');
    const own = ctx(lightBox(false, 0), { device: { kind: 'light-box', settings: { lightSchedule: { on: '08:00', off: '20:00' } }, live: lightBox(false, 0) } });
    expect(evaluateCheck('lamp-per-schedule', {}, own).done).toBe(false);
  });

  it('lamp-test: passes once the lamp is seen lit with current, fails on lamp or relay faults', () => {
    expect(evaluateCheck('lamp-test', { switchTest: true }, ctx(lightBox(false, 0))).done).toBe(false);
    expect(evaluateCheck('lamp-test', { switchTest: true }, ctx(lightBox(true, 420))).done).toBe(true);
    expect(evaluateCheck('lamp-test', {}, ctx(lightBox(true, 3, { faults: ['lamp-failure'] }))).reason?.en).toBe('lamp failure (3 mA)');
    expect(evaluateCheck('lamp-test', {}, ctx(lightBox(false, 300, { faults: ['relay-stuck'] }))).reason?.en).toBe('relay stuck');
  });
});
