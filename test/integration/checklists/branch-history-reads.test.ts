import { DataSource } from 'typeorm';
import { BranchCalendars, ForecastService } from '@lobby/checklists';
import { ConsumptionHistory, DeviceTwin, FleetFacts } from '@lobby/fleet';
import { Clock } from '@lobby/platform';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(120_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'BH-1';
const PRINTERS = ['TP-H1', 'TP-H2', 'TP-H3', 'TP-H4'];
const HOUR = 3_600_000;

/**
 * Done when: a branch's forecasts (its opening checklist, its refill plan) and a branch day's
 * rollup read the branch's history in a few statements, not three or four per device, and give
 * exactly what the per-device reads give — on SQLite and PostgreSQL.
 */
describe.each(CHECKLIST_ENGINES)('a branch history read at once on $name', ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  const start = local(ZONE, '2026-11-30', '08:00');

  beforeAll(async () => {
    driven = await new DrivenCentral(start, database).start();
    await driven.admin.post('/api/branches', { id: BRANCH, name: '历史读取支行' });
    agent = await DrivenAgent.connect(driven, BRANCH, PRINTERS.map((id) => ({ id, kind: 'ticket-printer' })));
    await eventually(async () => expect((await driven.admin.get(`/api/devices/${PRINTERS[3]}`)).status).toBe(200));
    // Three days of tickets for the first three printers; the fourth has a single status (a short history borrows a peer's).
    const counts = [1000, 2000, 3000];
    for (let h = 0; h < 60; h++) {
      driven.clock.set(start + h * HOUR);
      for (const [i, id] of PRINTERS.slice(0, 3).entries()) await agent.status(id, printer('ok', (counts[i] += 10 + 5 * i)));
      if (h === 30) {
        await agent.event(PRINTERS[0], 'paper.replaced', { from: 'low' });
        await agent.event(PRINTERS[1], 'ribbon.replaced', {});
      }
    }
    await agent.status(PRINTERS[3], printer('low', 50));
    await driven.settle();
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('reads many devices’ statuses and last replacements as the per-device reads do', async () => {
    const history = driven.central.server.app.get(ConsumptionHistory);
    const from = start + 20.5 * HOUR; // mid-history: each device's last status before it leads its list
    const to = start + 50 * HOUR;
    const ids = [...PRINTERS, 'TP-NONE'];
    const many = await history.readingsOf(ids, from, to);
    for (const id of ids) expect(many.get(id)).toEqual(await history.readings(id, from, to));
    expect(many.get(PRINTERS[0])![0].ts).toBe(start + 20 * HOUR);
    expect(many.get(PRINTERS[0])).toHaveLength(31);
    expect(many.get('TP-NONE')).toEqual([]);

    const types = ['paper.replaced', 'ribbon.replaced'];
    const until = driven.clock.now();
    const last = await history.lastEventsOf(ids, types, until);
    for (const id of ids) expect(last.get(id) ?? null).toEqual(await history.lastEvent(id, types, until));
    expect([...last.keys()].sort()).toEqual([PRINTERS[0], PRINTERS[1]]);
    // Before the replacements there were none.
    expect((await history.lastEventsOf(ids, types, start + 29 * HOUR)).size).toBe(0);
  });

  it('forecasts a branch from a few reads, the same forecasts as one device at a time', async () => {
    const app = driven.central.server.app;
    // A service of its own over a history of its own, so what it reads is counted apart from the server's background work.
    const history = new CountingHistory(app.get(DataSource));
    const forecasts = new ForecastService(history, app.get(BranchCalendars), app.get(DeviceTwin), app.get(Clock));
    const devices = await app.get(FleetFacts).activeDevices(BRANCH);
    expect(devices.map((d) => d.id).sort()).toEqual(PRINTERS);

    const one = new Map<string, unknown>();
    for (const device of devices) one.set(device.id, await forecasts.forecast(device));
    const alone = history.take();
    forecasts.forget();
    const all = await forecasts.forecastAll(devices);
    const together = history.take();

    expect(all).toEqual(one);
    expect((one.get(PRINTERS[0]) as { paper: { basis: string } }).paper.basis).toBe('learned');
    expect((one.get(PRINTERS[3]) as { paper: { basis: string } }).paper.basis).toBe('learned'); // a peer's profile
    // One device at a time: its last replacement and its learning window each (and the readings since a replacement).
    expect(alone.perDevice).toBeGreaterThanOrEqual(2 * devices.length);
    // At once: the branch's statuses and its last paper changes (a ticket printer counts paper only), nothing per device,
    // not even for the printer whose roll was changed (its readings since come from the same read).
    expect(together).toEqual({ perDevice: 0, branchWide: 2 });
  });
});

/** The history reads, counted: per device (`readings`, `lastEvent`) and for many devices at once. */
class CountingHistory extends ConsumptionHistory {
  private calls = { perDevice: 0, branchWide: 0 };

  /** The calls since the last take. */
  take(): { perDevice: number; branchWide: number } {
    const calls = this.calls;
    this.calls = { perDevice: 0, branchWide: 0 };
    return calls;
  }

  override readings(...args: Parameters<ConsumptionHistory['readings']>) {
    this.calls.perDevice++;
    return super.readings(...args);
  }

  override lastEvent(...args: Parameters<ConsumptionHistory['lastEvent']>) {
    this.calls.perDevice++;
    return super.lastEvent(...args);
  }

  override readingsOf(...args: Parameters<ConsumptionHistory['readingsOf']>) {
    this.calls.branchWide++;
    return super.readingsOf(...args);
  }

  override lastEventsOf(...args: Parameters<ConsumptionHistory['lastEventsOf']>) {
    this.calls.branchWide++;
    return super.lastEventsOf(...args);
  }
}
