import { DeviceSweepPlan } from '@lobby/alerting';
import { AlertingCentral, printer } from './support';

const MIN = 60_000;
/** Monday 2026-11-30 16:50 in Asia/Shanghai (branch hours 09:00–17:00 every day). */
const MONDAY_16_50 = Date.UTC(2026, 10, 30, 8, 50);
const DAILY = (hours: [string, string]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours]));

/**
 * The timed sweep evaluates only what time can change: devices with a condition, and devices
 * whose schedule moment is not the one they were last evaluated at. These are the cases that
 * depend on it: no new status arrives in any of them, only the clock (or the calendar) moves.
 */
describe('the alert sweep sees what time changes', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ start: MONDAY_16_50 }).start(); // 16:51:31 after the start-up grace
  });
  afterAll(async () => host?.stop());

  it('raises a pending condition when its raise delay has passed, and clears it when the branch closes', async () => {
    const agent = await host.branchWithAgent('BR-SWEEP-CLOSE', [
      { id: 'TP-LATE', kind: 'ticket-printer' },
      { id: 'TP-PENDING', kind: 'ticket-printer' },
    ]);
    await agent.status('TP-LATE', printer({ link: 'down' })); // ~16:51:31, in hours: device-offline after 2 min
    await host.tick(3 * MIN); // ~16:54:31
    expect((await host.alerts('&device=TP-LATE')).items.map((a) => [a.type, a.state])).toEqual([['device-offline', 'active']]);
    await host.tick(4 * MIN); // ~16:58:31
    await agent.status('TP-PENDING', printer({ link: 'down' })); // its 2 min delay would end after 17:00
    for (let i = 0; i < 6; i++) await host.tick(MIN); // ~17:04:31: closed since 17:00
    expect((await host.alerts('&device=TP-PENDING')).items).toEqual([]);
    await host.tick(MIN);
    expect((await host.alerts('&device=TP-LATE')).items.map((a) => a.state)).toEqual(['cleared']);
    await agent.end();
  });

  it('raises device-offline for a printer switched off after closing once the hours are extended to now, without a new status', async () => {
    const agent = await host.branchWithAgent('BR-SWEEP-EDIT', [{ id: 'TP-EDIT', kind: 'ticket-printer' }]);
    await agent.status('TP-EDIT', printer({ link: 'down', state: 'power-off' })); // after 17:00: simply off
    for (let i = 0; i < 3; i++) await host.tick(MIN);
    expect((await host.alerts('&device=TP-EDIT')).items).toEqual([]);
    expect((await host.admin.patch('/api/branches/BR-SWEEP-EDIT', { openingHours: DAILY(['09:00', '23:00']) })).status).toBe(200);
    for (let i = 0; i < 4; i++) await host.tick(MIN);
    expect((await host.alerts('&device=TP-EDIT')).items.map((a) => [a.type, a.state])).toEqual([['device-offline', 'active']]);
    await agent.end();
  });

  it("applies a light box's edited hours in the next sweeps, without a new status (the device alone is looked at)", async () => {
    const agent = await host.branchWithAgent('BR-SWEEP-LAMP', [{ id: 'LB-EDIT', kind: 'light-box' }], { openingHours: DAILY(['09:00', '23:59']) });
    expect((await host.admin.patch('/api/devices/LB-EDIT', { settings: { lightSchedule: { on: '23:00', off: '23:30' } } })).status).toBe(200);
    await agent.status('LB-EDIT', { kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: false, currentMa: 0 } });
    for (let i = 0; i < 3; i++) await host.tick(MIN); // off outside its hours: fine
    expect((await host.alerts('&device=LB-EDIT')).items).toEqual([]);
    // Its hours now start an hour ago: the lamp should be lit, and is not.
    expect((await host.admin.patch('/api/devices/LB-EDIT', { settings: { lightSchedule: { on: '16:00', off: '23:30' } } })).status).toBe(200);
    for (let i = 0; i < 4; i++) await host.tick(MIN); // the 2 min raise delay
    expect((await host.alerts('&device=LB-EDIT')).items.map((a) => [a.type, a.state])).toEqual([['lightbox-off', 'active']]);
    await agent.end();
  });
});

/**
 * What keeps the sweep cheap at 100,000 devices: a branch's devices are looked at one by one only
 * when one of its schedule moments changed since the sweep last did (here: BR-CLOSES closing at
 * 17:00), not in every sweep.
 */
describe('the alert sweep looks into a branch only when its moments change', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ start: MONDAY_16_50 }).start();
  });
  afterAll(async () => host?.stop());

  it('passes over a branch whose hours did not turn, and looks into the one that closes', async () => {
    const open = await host.branchWithAgent('BR-STAYS-OPEN', [{ id: 'TP-STAYS', kind: 'ticket-printer' }], { openingHours: DAILY(['09:00', '23:00']) });
    const closing = await host.branchWithAgent('BR-CLOSES', [{ id: 'TP-CLOSES', kind: 'ticket-printer' }]);
    await open.status('TP-STAYS', printer({}));
    await closing.status('TP-CLOSES', printer({}));
    await host.tick(MIN); // the births' branches are looked into once
    const looked: string[] = [];
    const plan = host.get(DeviceSweepPlan);
    const swept = plan.branchSwept.bind(plan);
    const spy = jest.spyOn(plan, 'branchSwept').mockImplementation((branchId, ...rest) => {
      looked.push(branchId);
      swept(branchId, ...rest);
    });
    try {
      await host.tick(MIN); // ~16:53: nothing turned
      await host.tick(MIN);
      expect(looked).toEqual([]);
      for (let i = 0; i < 7; i++) await host.tick(MIN); // past 17:00: BR-CLOSES closed
      expect(looked).toEqual(['BR-CLOSES']);
    } finally {
      spy.mockRestore();
      await open.end();
      await closing.end();
    }
  });
});
