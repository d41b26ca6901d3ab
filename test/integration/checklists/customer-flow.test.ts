import { CustomerFlowService } from '@lobby/checklists';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'FLOW-1';
const OTHER = 'FLOW-2';
const DAY = '2026-11-30'; // a Monday
const LAST_WEEK = '2026-11-23'; // the Monday before
const offline = { kind: 'ticket-printer', link: 'down', state: 'offline', faults: [] };

/**
 * A synthetic day of ticket-printer statuses over MQTT: two printers, one going offline, having
 * its counter reset (new paper roll and board) and the other replaced by a printer with its own
 * counter. Tickets per hour, before opening and the busiest hours come out exactly.
 */
describe.each(CHECKLIST_ENGINES)(`${CustomerFlowService.name} on $name`, ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let otherManager: HttpClient;

  async function send(date: string, hhmm: string, device: string, body: Record<string, unknown>): Promise<void> {
    driven.clock.set(local(ZONE, date, hhmm));
    await agent.status(device, body);
  }
  const count = (n: number) => printer('ok', n);

  beforeAll(async () => {
    driven = await new DrivenCentral(local(ZONE, LAST_WEEK, '07:00'), database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '客流测试支行', openingHours: { mon: ['09:00', '17:00'] } });
    await driven.admin.post('/api/branches', { id: OTHER, name: '另一支行' });
    manager = await driven.central.user('flow-manager', 'lobby-manager', [BRANCH]);
    otherManager = await driven.central.user('flow-other', 'lobby-manager', [OTHER]);
    agent = await DrivenAgent.connect(driven, BRANCH, [
      { id: 'TP-A', kind: 'ticket-printer' },
      { id: 'TP-B', kind: 'ticket-printer' },
    ]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-B')).status).toBe(200));

    // Last Monday, the usual: 20 tickets in 10:00–11:00, 10 in 14:00–15:00.
    await send(LAST_WEEK, '08:00', 'TP-A', count(100));
    await send(LAST_WEEK, '10:20', 'TP-A', count(120));
    await send(LAST_WEEK, '14:10', 'TP-A', count(130));

    // The day.
    await send(DAY, '08:00', 'TP-A', count(130));
    await send(DAY, '08:00', 'TP-B', count(5000));
    await send(DAY, '08:56', 'TP-A', count(133)); // 3 before opening (营业前取号)
    await send(DAY, '09:10', 'TP-A', count(140));
    await send(DAY, '09:50', 'TP-A', count(150)); // 09: 17
    await send(DAY, '10:05', 'TP-A', count(160));
    await send(DAY, '10:30', 'TP-B', count(5010));
    await send(DAY, '10:40', 'TP-A', count(185)); // 10: 10 + 10 + 25 = 45
    await send(DAY, '11:05', 'TP-A', count(188));
    await send(DAY, '11:10', 'TP-A', offline); // 11:10–12:20 not observed: 12 tickets, 50/70 of them in 11:00–12:00
    await send(DAY, '12:20', 'TP-A', count(200)); // 11: 3 + 9 = 12; 12: 3
    await send(DAY, '13:20', 'TP-A', count(4)); // counter reset: 4 issued since
    await send(DAY, '13:45', 'TP-A', count(10)); // 13: 10
    await send(DAY, '14:15', 'TP-A', count(22));
    await send(DAY, '14:50', 'TP-B', count(5015)); // 14: 12 + 5 = 17
    await send(DAY, '15:10', 'TP-B', count(95_000)); // a replacement printer with its own lifetime count: no customers
    await send(DAY, '15:40', 'TP-B', count(95_006)); // 15: 6
    await send(DAY, '16:30', 'TP-A', count(30)); // 16: 8
    driven.clock.set(local(ZONE, DAY, '18:00'));
    await driven.settle();
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('counts tickets per hour and before opening, and ranks the busiest hours against last Monday', async () => {
    const response = await manager.get(`/api/branches/${BRANCH}/customer-flow?from=${DAY}&to=${DAY}`);
    expect(response.status).toBe(200);
    const day = response.body.days[0];
    const perHour = Object.fromEntries((day.hours as JsonBody[]).filter((h) => h.tickets > 0).map((h) => [h.hour, h.tickets]));
    expect(perHour).toEqual({ 8: 3, 9: 17, 10: 45, 11: 12, 12: 3, 13: 10, 14: 17, 15: 6, 16: 8 });
    expect(day).toMatchObject({ date: DAY, total: 121, beforeOpening: 3, usualFromDays: 1 });
    expect(day.hours).toHaveLength(24);
    expect(day.busiest.map((h: JsonBody) => [h.hour, h.tickets, h.usual, h.vsUsual])).toEqual([
      [10, 45, 20, 2.25],
      [9, 17, 0, null],
      [14, 17, 10, 1.7],
    ]);
    expect(Object.fromEntries(day.devices.map((d: JsonBody) => [d.deviceId, d.tickets]))).toEqual({ 'TP-A': 100, 'TP-B': 21 });
  });

  it('answers a date range with each day and the totals', async () => {
    const week = (await manager.get(`/api/branches/${BRANCH}/customer-flow?from=${LAST_WEEK}&to=${DAY}`)).body;
    expect(week.days.map((d: JsonBody) => d.total)).toEqual([30, 0, 0, 0, 0, 0, 0, 121]);
    expect(week).toMatchObject({ branchId: BRANCH, from: LAST_WEEK, to: DAY, total: 151, beforeOpening: 3 });
  });

  it('shows the day’s customer flow in the daily log, as JSON and on the printable page', async () => {
    const log = (await manager.get(`/api/branches/${BRANCH}/daily-log?date=${DAY}`)).body;
    expect(log.customerFlow).toMatchObject({ date: DAY, total: 121, beforeOpening: 3 });
    const page = await manager.request('GET', `/api/branches/${BRANCH}/daily-log?date=${DAY}`, undefined, { accept: 'text/html' });
    expect(page.text).toContain('营业前取号：3 张');
    expect(page.text).toContain('10:00–11:00</td><td>45</td><td>20</td><td>225%');
  });

  it('refuses bad ranges with 400 and hides another branch with 404', async () => {
    for (const query of [`from=${DAY}&to=${LAST_WEEK}`, 'from=2026-01-01&to=2026-03-01', 'from=2026-02-30', 'from=yesterday', 'branch=FLOW-2']) {
      const response = await manager.get(`/api/branches/${BRANCH}/customer-flow?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
    expect((await otherManager.get(`/api/branches/${BRANCH}/customer-flow?from=${DAY}`)).status).toBe(404);
    expect((await manager.get(`/api/branches/NO-SUCH/customer-flow`)).status).toBe(404);
  });
});
