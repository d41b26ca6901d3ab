import { DataSource } from 'typeorm';
import { DailyRollupEntity, RollupJob } from '@lobby/checklists';
import { DeviceStatusEntity, FleetEventEntity, HistoryRetentionJob } from '@lobby/fleet';
import { HttpClient, JsonBody } from '../../support/http-client';
import { eventually } from '../../support/eventually';
import { CHECKLIST_ENGINES, DrivenAgent, DrivenCentral, local, printer } from './support';

jest.setTimeout(180_000);

const ZONE = 'Asia/Shanghai';
const BRANCH = 'RET-1';
const DAY = '2026-10-12';
const DAY_MS = 24 * 3600_000;
const at = (date: string, hhmm: string): number => local(ZONE, date, hhmm);

/**
 * Issue 13 point 3: raw statuses older than HISTORY_RETENTION_DAYS (and events older than
 * EVENT_RETENTION_DAYS) are deleted by the scheduled job, in batches; the recent ones and the
 * daily rollups stay, and a report for the old month answers the same from the rollups.
 */
describe.each(CHECKLIST_ENGINES)('history retention on $name', ({ database }) => {
  let driven: DrivenCentral;
  let agent: DrivenAgent;
  let manager: HttpClient;
  let db: DataSource;

  const rows = async (entity: typeof DeviceStatusEntity | typeof FleetEventEntity, before: number): Promise<{ old: number; recent: number }> => {
    const all = await db.getRepository(entity).find({ select: { ts: true }, where: { branchId: BRANCH } });
    return { old: all.filter((r) => r.ts < before).length, recent: all.filter((r) => r.ts >= before).length };
  };
  const report = async (): Promise<JsonBody> => {
    const response = await manager.get(`/api/reports/summary?branch=${BRANCH}&from=2026-10-01&to=2026-10-31`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    // Batches of two rows: the job must go round several times to delete the old day.
    driven = await new DrivenCentral(at(DAY, '08:00'), database, { HISTORY_RETENTION_DAYS: '30', EVENT_RETENTION_DAYS: '35', HISTORY_RETENTION_BATCH_ROWS: '2' }).start();
    db = driven.central.server.app.get(DataSource);
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00', '17:00']]));
    expect((await driven.admin.post('/api/branches', { id: BRANCH, name: '保留期测试支行', openingHours: weekdays })).status).toBe(201);
    agent = await DrivenAgent.connect(driven, BRANCH, [{ id: 'TP-K', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await driven.admin.get('/api/devices/TP-K')).status).toBe(200));
    manager = await driven.central.user('mgr-ret', 'lobby-manager', [BRANCH]);
  });
  afterAll(async () => {
    await agent?.end();
    await driven?.stop();
  });

  it('deletes old statuses and events in batches, keeps recent ones and the rollups, and the old month still reports', async () => {
    // A Monday in October: the printer serves all day, prints 400 tickets, a paper roll at noon.
    for (const [hhmm, tickets] of [['09:00', 100], ['10:00', 200], ['11:00', 300], ['13:00', 400], ['16:00', 500]] as const) {
      await driven.driveTo(at(DAY, hhmm));
      await agent.status('TP-K', printer('ok', tickets));
    }
    await agent.event('TP-K', 'paper.replaced');
    await driven.driveTo(at('2026-10-13', '00:30'));
    await driven.central.server.app.get(RollupJob).run();
    const rolled = await db.getRepository(DailyRollupEntity).countBy({ branchId: BRANCH, date: DAY });
    expect(rolled).toBeGreaterThan(0);
    const before = await report();
    const [day] = before.days.filter((d: JsonBody) => d.date === DAY);
    expect(day).toMatchObject({ ticketsPrinted: 400, paperRolls: 1 });
    expect(day.availability.availableMs).toBeGreaterThan(0);
    const dayEnd = at('2026-10-13', '00:00');
    expect((await rows(DeviceStatusEntity, dayEnd)).old).toBeGreaterThanOrEqual(5);

    // 40 days later: a fresh status; then the retention job's pass (statuses > 30 days, events > 35 days).
    await driven.driveTo(dayEnd + 40 * DAY_MS);
    await agent.status('TP-K', printer('ok', 900));
    await driven.settle();
    await driven.central.server.app.get(HistoryRetentionJob).run();

    const cutoff = driven.clock.now() - 30 * DAY_MS;
    expect(await rows(DeviceStatusEntity, cutoff)).toEqual({ old: 0, recent: 1 });
    expect((await rows(FleetEventEntity, driven.clock.now() - 35 * DAY_MS)).old).toBe(0);
    expect(await db.getRepository(DailyRollupEntity).countBy({ branchId: BRANCH, date: DAY })).toBe(rolled);
    // The old day answers from its rollup, unchanged (the days after it were rolled up since).
    const after = await report();
    expect(after.days.filter((d: JsonBody) => d.date === DAY)).toEqual([day]);
    // The deleted rows are counted for Prometheus.
    const metrics = (await driven.admin.get('/metrics')).text;
    const deleted = Number(/lobby_history_rows_deleted_total\{table="device_status"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(deleted).toBeGreaterThanOrEqual(5);
  });
});
