import { CashMachineModel } from './cash-machine.model';

describe(CashMachineModel.name, () => {
  it('runs the first cassette low, then empty, on repeated dispensing; replenish refills all', () => {
    const machine = new CashMachineModel();
    const cass1 = () => machine.status().storage?.CASS1;
    const levels: string[] = [];
    for (let i = 0; i < 5; i++) {
      machine.apply('dispense');
      levels.push(cass1()?.replenishmentStatus ?? '?');
    }
    expect(levels).toEqual(['ok', 'ok', 'ok', 'low', 'empty']);
    expect(cass1()?.count).toBe(0);
    expect(machine.status().cashManagement?.dispenser).toBe('attention');
    machine.apply('dispense');
    expect(machine.status().storage?.CASS2?.count).toBe(2000);
    machine.apply('replenish');
    expect(Object.values(machine.status().storage ?? {}).map((unit) => unit.replenishmentStatus)).toEqual(['full', 'full', 'full', 'full']);
  });

  it('reports paper low, out and reloaded', () => {
    const machine = new CashMachineModel();
    const paper = () => machine.status().printer?.paper?.upper;
    machine.apply('paper-low');
    expect(paper()).toBe('low');
    machine.apply('paper-out');
    expect(paper()).toBe('out');
    machine.apply('paper-reload');
    expect(paper()).toBe('full');
  });

  it('reports errors, doors and the shutter, and clears them', () => {
    const machine = new CashMachineModel();
    machine.apply('hardware-error');
    machine.apply('shutter-jam');
    machine.apply('safe-door-open');
    expect(machine.status()).toMatchObject({
      common: { device: 'hardwareError' },
      cashManagement: { shutter: 'jammedClosed', safeDoor: 'doorOpen' },
    });
    machine.apply('clear');
    machine.apply('safe-door-close');
    expect(machine.status()).toMatchObject({
      common: { device: 'online' },
      cashManagement: { shutter: 'closed', safeDoor: 'doorClosed' },
    });
  });

  it('autoplay: customers take cash and receipts, and someone reloads paper that ran out', () => {
    const machine = new CashMachineModel();
    const start = machine.status().storage?.CASS1?.count ?? 0;
    machine.autoplayTick(() => 0);
    expect(machine.status().storage?.CASS1?.count).toBe(start - 5);
    machine.apply('paper-out');
    for (let tick = 0; tick < 20; tick++) machine.autoplayTick(() => 0.99);
    expect(machine.status().printer?.paper?.upper).toBe('full');
  });
});
