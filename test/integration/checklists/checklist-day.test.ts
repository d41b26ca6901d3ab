import { CHECKLIST_JOB, ChecklistScheduler } from '@lobby/checklists';
import { JobLockEntity } from '@lobby/platform';
import { DataSource } from 'typeorm';
import { eventually } from '../../support/eventually';
import { DrivenCentral, local, CHECKLIST_ENGINES } from './support';

jest.setTimeout(120_000);

const SH = 'SH-DAY';
const BER = 'BER-DAY';
const WEEKDAYS = (hours: [string, string]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });
const STEP = 15 * 60_000;

describe.each(CHECKLIST_ENGINES)(`${ChecklistScheduler.name} on $name`, ({ database }) => {
    let driven: DrivenCentral;

    beforeAll(async () => {
      driven = await new DrivenCentral(Date.parse('2026-11-29T12:00:00Z'), database).start(); // Sunday evening in Shanghai
      await driven.admin.post('/api/branches', { id: SH, name: '上海测试支行', timezone: 'Asia/Shanghai', openingHours: WEEKDAYS(['09:00', '17:00']), exceptions: [{ date: '2026-12-01', closed: true }] });
      await driven.admin.post('/api/branches', { id: BER, name: 'Berlin test branch', timezone: 'Europe/Berlin', openingHours: WEEKDAYS(['08:30', '16:00']) });
    });
    afterAll(async () => driven?.stop());

    it('keeps cron jobs per branch at its local wake-up times', () => {
      expect(driven.scheduler.jobsOf(SH)).toEqual(expect.arrayContaining([`${CHECKLIST_JOB}:${SH}:08:30`, `${CHECKLIST_JOB}:${SH}:17:00`, `${CHECKLIST_JOB}:${SH}:18:00`]));
      expect(driven.scheduler.jobsOf(BER)).toEqual([`${CHECKLIST_JOB}:${BER}:08:00`, `${CHECKLIST_JOB}:${BER}:08:30`, `${CHECKLIST_JOB}:${BER}:16:00`, `${CHECKLIST_JOB}:${BER}:17:00`]);
    });

    it('generates both checklists at the right local times for two zones, and none on a holiday', async () => {
      const firstSeen = new Map<string, number>();
      for (let at = driven.clock.now(); at <= Date.parse('2026-12-01T18:00:00Z'); at += STEP) {
        await driven.driveTo(at);
        for (const c of await driven.checklists(driven.admin, 'limit=100')) {
          const key = `${c.branchId} ${c.date} ${c.kind}`;
          if (!firstSeen.has(key)) firstSeen.set(key, at);
        }
      }
      const seen = Object.fromEntries([...firstSeen].map(([key, at]) => [key, new Date(at).toISOString()]));
      expect(seen).toEqual({
        [`${SH} 2026-11-30 opening`]: new Date(local('Asia/Shanghai', '2026-11-30', '08:30')).toISOString(),
        [`${SH} 2026-11-30 closing`]: new Date(local('Asia/Shanghai', '2026-11-30', '17:00')).toISOString(),
        [`${BER} 2026-11-30 opening`]: new Date(local('Europe/Berlin', '2026-11-30', '08:00')).toISOString(),
        [`${BER} 2026-11-30 closing`]: new Date(local('Europe/Berlin', '2026-11-30', '16:00')).toISOString(),
        [`${BER} 2026-12-01 opening`]: new Date(local('Europe/Berlin', '2026-12-01', '08:00')).toISOString(),
        [`${BER} 2026-12-01 closing`]: new Date(local('Europe/Berlin', '2026-12-01', '16:00')).toISOString(),
      });
      const shanghai = await driven.checklists(driven.admin, `branch=${SH}&date=2026-11-30`);
      expect(shanghai.map((c) => [c.kind, c.dueAt, c.overdueAt])).toEqual(
        expect.arrayContaining([
          ['opening', '2026-11-30T00:30:00.000Z', '2026-11-30T01:00:00.000Z'],
          ['closing', '2026-11-30T09:00:00.000Z', '2026-11-30T10:00:00.000Z'],
        ]),
      );
      expect(await driven.checklists(driven.admin, `branch=${SH}&date=2026-12-01`)).toEqual([]);
    });

    it('rebuilds a branch’s jobs at once when its calendar changes through the API', async () => {
      const patched = await driven.admin.patch(`/api/branches/${BER}`, { openingHours: { ...WEEKDAYS(['08:30', '16:00']), wed: ['10:00', '14:00'] } });
      expect(patched.status).toBe(200);
      await eventually(() => expect(driven.scheduler.jobsOf(BER)).toEqual(expect.arrayContaining([`${CHECKLIST_JOB}:${BER}:09:30`, `${CHECKLIST_JOB}:${BER}:14:00`])));
      await driven.driveTo(local('Europe/Berlin', '2026-12-02', '09:15'));
      expect(await driven.checklists(driven.admin, `branch=${BER}&date=2026-12-02`)).toEqual([]);
      await driven.driveTo(local('Europe/Berlin', '2026-12-02', '09:30'));
      expect((await driven.checklists(driven.admin, `branch=${BER}&date=2026-12-02`)).map((c) => c.kind)).toEqual(['opening']);
    });

    it('leaves generation to the job-lock holder and catches up a missed run once it can', async () => {
      const db = driven.central.server.app.get(DataSource);
      await db.getRepository(JobLockEntity).save({ name: CHECKLIST_JOB, holder: 'another-instance', expiresAt: driven.clock.now() + 24 * 3_600_000 });
      await driven.driveTo(local('Asia/Shanghai', '2026-12-03', '08:30'));
      expect(await driven.checklists(driven.admin, `branch=${SH}&date=2026-12-03`)).toEqual([]);
      // The other instance died: its lease runs out, this one takes over and makes the missed checklist.
      await db.getRepository(JobLockEntity).update({ name: CHECKLIST_JOB }, { expiresAt: driven.clock.now() - 1 });
      await driven.driveTo(local('Asia/Shanghai', '2026-12-03', '08:50'));
      const made = await driven.checklists(driven.admin, `branch=${SH}&date=2026-12-03`);
      expect(made.map((c) => [c.kind, c.dueAt])).toEqual([['opening', '2026-12-03T00:30:00.000Z']]);
      await driven.driveTo(local('Asia/Shanghai', '2026-12-03', '08:55'));
      expect(await driven.checklists(driven.admin, `branch=${SH}&date=2026-12-03`)).toHaveLength(1); // idempotent
    });

    it('does not catch up a day that closed before the branch was created', async () => {
      // Created half an hour after Thursday's closing: that closing is inside the catch-up window,
      // but the branch had no Thursday to check.
      await driven.driveTo(local('Asia/Shanghai', '2026-12-03', '17:30'));
      const created = await driven.admin.post('/api/branches', { id: 'SH-LATE', name: '新开网点', timezone: 'Asia/Shanghai', openingHours: WEEKDAYS(['09:00', '17:00']) });
      expect(created.status).toBe(201);
      await driven.driveTo(local('Asia/Shanghai', '2026-12-03', '18:30'));
      expect(await driven.checklists(driven.admin, 'branch=SH-LATE&date=2026-12-03')).toEqual([]);
      await driven.driveTo(local('Asia/Shanghai', '2026-12-04', '08:30'));
      expect((await driven.checklists(driven.admin, 'branch=SH-LATE&date=2026-12-04')).map((c) => c.kind)).toEqual(['opening']);
    });
});
