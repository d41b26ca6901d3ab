import { AlertingCentral } from '../alerting/support';

const MIN = 60_000;
/** Monday 2026-11-30 16:50 in Asia/Shanghai (branch hours 09:00–17:00). */
const MONDAY_16_50 = Date.UTC(2026, 10, 30, 8, 50);

const atm = (link: 'up' | 'down') => ({
  kind: 'cash-dispenser',
  link,
  state: 'ok',
  faults: [],
  cash: [{ unit: 'CASS1', currency: 'CNY', denomination: 100, count: 1500, level: 'ok' }],
});

/**
 * A branch's 24-hour self-service area: its cash machines are expected on at night, so one that
 * goes silent at 23:00 is `device-offline`; the same machine in a branch without it is just off.
 */
describe('24-hour self-service areas', () => {
  let host: AlertingCentral;
  beforeAll(async () => {
    host = await new AlertingCentral({ start: MONDAY_16_50 }).start();
  });
  afterAll(async () => host?.stop());

  it('alerts a cash machine that goes silent at night only where the self-service area is 24-hour', async () => {
    const allNight = await host.branchWithAgent('BR-24H', [{ id: 'ATM-24H', kind: 'cash-dispenser' }], { selfService24h: true });
    const office = await host.branchWithAgent('BR-DAY', [{ id: 'ATM-DAY', kind: 'cash-dispenser' }]);
    expect((await host.admin.get('/api/branches/BR-24H')).body.selfService24h).toBe(true);
    expect((await host.admin.get('/api/branches/BR-DAY')).body.selfService24h).toBe(false);
    await allNight.status('ATM-24H', atm('up'));
    await office.status('ATM-DAY', atm('up'));
    await host.tick(6 * 60 * MIN + 10 * MIN); // 23:00: both branches closed
    await allNight.status('ATM-24H', atm('down'));
    await office.status('ATM-DAY', atm('down'));
    await host.tick(3 * MIN); // past the 2-minute raise delay, in the same sweeps for both
    expect((await host.alerts('&device=ATM-24H')).items.map((a) => [a.type, a.state])).toEqual([['device-offline', 'active']]);
    expect((await host.alerts('&device=ATM-DAY')).items).toEqual([]);
    expect((await host.admin.get('/api/devices/ATM-24H')).body.state).not.toBe('power-off');
    expect((await host.admin.get('/api/devices/ATM-DAY')).body.state).toBe('power-off');
    await allNight.end();
    await office.end();
  });
});
