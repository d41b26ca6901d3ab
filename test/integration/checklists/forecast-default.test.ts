import { profileOf } from '@lobby/devices';
import { eventually } from '../../support/eventually';
import { DrivenAgent, DrivenCentral, local, localTime, printer, receiptBox } from './support';

jest.setTimeout(60_000);

const ZONE = 'Asia/Shanghai';
const DATE = '2026-11-30'; // a Monday; the branch opens 09:00–17:00
const BRANCH = 'FC-DEFAULT';

/** A fresh install: no history to learn from, yet a printer with 80 tickets left has a forecast. */
describe('forecasts before a profile is learned', () => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;

  beforeAll(async () => {
    driven = await new DrivenCentral(local(ZONE, DATE, '08:00')).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '新装支行' });
    agent = await DrivenAgent.connect(driven, BRANCH, [
      { id: 'TP-NEW', kind: 'ticket-printer' },
      { id: 'RB-NEW', kind: 'receipt-box' },
    ]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/RB-NEW')).status).toBe(200));
    // The near-end sensor has tripped: about 10 % of the default 800-ticket roll is left.
    await agent.status('TP-NEW', printer('low', 5000));
    await agent.status('RB-NEW', receiptBox(120_000));
    await eventually(async () => expect((await driven.device('RB-NEW')).state).toBe('ok'));
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('uses the kind\'s default usage per opening hour and says so', async () => {
    const paper = (await driven.device('TP-NEW')).forecast.paper;
    expect(paper).toMatchObject({ remaining: 80, capacity: 800, unit: 'tickets', basis: 'default' });
    expect(profileOf('ticket-printer').counted.paper?.usagePerOpenHour).toBe(60);
    // Nothing is used before opening at 09:00; 80 tickets at 60 an hour last 1 h 20 min.
    expect(paper.runsOutAt).not.toBeNull();
    expect(localTime(ZONE, paper.runsOutAt)).toBe('10:20');
  });

  it('takes the usage and roll capacity from the device settings', async () => {
    expect((await driven.admin.patch('/api/devices/TP-NEW', { settings: { usagePerOpenHour: 40, paperRollCapacity: 300 } })).status).toBe(200);
    const paper = (await driven.device('TP-NEW')).forecast.paper;
    expect(paper).toMatchObject({ remaining: 30, capacity: 300, basis: 'default' });
    expect(localTime(ZONE, paper.runsOutAt)).toBe('09:45');
    expect((await driven.admin.patch('/api/devices/TP-NEW', { settings: { usagePerOpenHour: 0 } })).status).toBe(400);
  });

  it('leaves runsOutAt null only when nothing is known of what is left', async () => {
    const forecast = (await driven.device('RB-NEW')).forecast;
    expect(forecast.paper).toMatchObject({ runsOutAt: null, remaining: null, basis: 'default' });
    // A new roll loaded: from now on its remaining lines are known, and so is its run-out
    // (5,000 lines at 150 an opening hour: 33 opening hours, in the fifth branch day).
    await agent.event('RB-NEW', 'paper.replaced');
    await driven.driveTo(driven.clock.now() + 60_000);
    await agent.status('RB-NEW', receiptBox(120_010));
    await eventually(async () => {
      const paper = (await driven.device('RB-NEW')).forecast.paper;
      expect(paper).toMatchObject({ remaining: 4_990, basis: 'default' });
      expect(paper.runsOutAt).not.toBeNull();
      expect(localTime(ZONE, paper.runsOutAt)).toBe('10:16'); // 2026-12-04: 4 days × 8 h = 4,800 lines, 190 more at 150/h
    });
  });
});
