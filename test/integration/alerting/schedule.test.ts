import { AlertingCentral, printer } from './support';

const MIN = 60_000;
/** Monday 2026-11-30 16:50 in Asia/Shanghai (branch hours 09:00–17:00, devices expected from 08:00). */
const MONDAY_16_50 = Date.UTC(2026, 10, 30, 8, 50);

/**
 * Done when: a printer switched off after closing raises nothing overnight; the same silence
 * during opening hours raises `device-offline` after the delay.
 */
describe('device schedules', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ start: MONDAY_16_50 }).start();
  });
  afterAll(async () => host?.stop());

  it('raises nothing overnight for a printer switched off after closing; the same silence in opening hours is device-offline after 2 min, a repair after 15', async () => {
    const agent = await host.branchWithAgent('BR-NIGHT', [
      { id: 'TP-NIGHT', kind: 'ticket-printer' },
      { id: 'TP-DAY', kind: 'ticket-printer' },
    ]);
    await agent.status('TP-NIGHT', printer());
    await agent.status('TP-DAY', printer());
    await host.tick(40 * MIN); // 17:31: closed
    await agent.status('TP-NIGHT', printer({ link: 'down', state: 'power-off', faults: [] }));
    for (let i = 0; i < 14 * 6; i++) await host.tick(10 * MIN); // to 07:31 on Tuesday
    expect((await host.alerts('&device=TP-NIGHT')).items).toEqual([]);
    expect((await host.tasks('&device=TP-NIGHT')).items).toEqual([]);

    // Switched back on for the day; at 10:00 the other printer goes silent during opening hours.
    await agent.status('TP-NIGHT', printer());
    await host.tick(150 * MIN); // ~10:01
    await agent.status('TP-DAY', printer({ link: 'down' }));
    await host.tick(119_000);
    expect((await host.alerts('&device=TP-DAY')).items).toEqual([]);
    await host.tick(2000);
    expect((await host.alerts('&device=TP-DAY')).items.map((a) => [a.type, a.severity, a.state])).toEqual([['device-offline', 'major', 'active']]);
    expect((await host.tasks('&device=TP-DAY')).items).toEqual([]);
    await host.tick(15 * MIN);
    expect((await host.tasks('&device=TP-DAY')).items.map((t) => [t.kind, t.problem, t.status])).toEqual([['repair', 'offline', 'open']]);
    await agent.status('TP-DAY', printer());
    await host.tick(11_000);
    expect((await host.alerts('&device=TP-DAY')).items.map((a) => a.state)).toEqual(['cleared']);
    expect((await host.tasks('&device=TP-DAY')).items.map((t) => t.status)).toEqual(['resolved']);
    await agent.end();
  });

  it('expects a device still off at the pre-opening window to be on, and lights a light box on its own schedule', async () => {
    const agent = await host.branchWithAgent('BR-EARLY', [
      { id: 'TP-EARLY', kind: 'ticket-printer' },
      { id: 'LB-EARLY', kind: 'light-box' },
    ]);
    expect((await host.admin.patch('/api/devices/LB-EARLY', { settings: { lightSchedule: { on: '18:00', off: '23:00' } } })).status).toBe(200);
    // Now Tuesday ~10:20. Light box switched off in the day: fine. The printer goes off at 17:30 and stays off.
    await agent.status('LB-EARLY', { kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: false, currentMa: 0 } });
    await host.tick(7 * 60 * MIN + 10 * MIN); // ~17:30
    await agent.status('TP-EARLY', printer({ link: 'down', state: 'power-off' }));
    expect((await host.alerts('&device=LB-EARLY')).items).toEqual([]);
    await host.tick(32 * MIN); // ~18:02: the lamp should be lit since 18:00
    await host.tick(2 * MIN);
    expect((await host.alerts('&device=LB-EARLY')).items.map((a) => [a.type, a.state])).toEqual([['lightbox-off', 'active']]);
    await agent.status('LB-EARLY', { kind: 'light-box', link: 'up', state: 'ok', faults: [], lamp: { switchedOn: true, currentMa: 400 } });
    await host.tick(31_000);
    expect((await host.alerts('&device=LB-EARLY')).items.map((a) => a.state)).toEqual(['cleared']);
    for (let i = 0; i < 13 * 6; i++) await host.tick(10 * MIN); // to ~07:20 on Wednesday
    expect((await host.alerts('&device=TP-EARLY')).items).toEqual([]);
    for (let i = 0; i < 6; i++) await host.tick(10 * MIN); // past 08:00, the pre-opening window: the condition starts
    await host.tick(3 * MIN); // and holds for the 2 min raise delay
    expect((await host.alerts('&device=TP-EARLY')).items.map((a) => [a.type, a.state])).toEqual([['device-offline', 'active']]);
    await agent.end();
  });
});

describe('device views outside the schedule', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ start: MONDAY_16_50 }).start();
  });
  afterAll(async () => host?.stop());

  it('shows a device silent while its schedule says off as power-off, and a silent one in hours as it was', async () => {
    const agent = await host.branchWithAgent('BR-VIEW', [{ id: 'TP-VIEW', kind: 'ticket-printer' }]);
    await agent.status('TP-VIEW', printer({ link: 'down' }));
    await host.tick(1000);
    const inHours = await host.admin.get('/api/devices/TP-VIEW');
    expect([inHours.body.link, inHours.body.state]).toEqual(['down', 'ok']);
    await host.tick(40 * MIN); // 17:31: the branch has closed
    const closed = await host.admin.get('/api/devices/TP-VIEW');
    expect([closed.body.link, closed.body.state]).toEqual(['down', 'power-off']);
    const listed = await host.admin.get('/api/devices?branch=BR-VIEW');
    expect(listed.body.items[0].state).toBe('power-off');
  });
});
