import { ChecklistScheduler } from '@lobby/checklists';
import { eventually } from '../../support/eventually';
import { startMosquitto, mosquittoBinaryAvailable } from '../../support/mosquitto';
import { ProcessGroup } from '../../support/processes';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';
import { TestAgent } from '../../support/test-agent';
import { TestCentral } from '../../support/test-central';

jest.setTimeout(180_000);

const BRANCH = 'BR-FACTS';
const DEVICE = 'TP-FACTS';
const ALL_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00', '23:59']]));
/** Closed every day but Wednesday 10:30–15:00 (2020-01-01, the day of the log read below, is a Wednesday). */
const WEDNESDAYS_ONLY = { wed: ['10:30', '15:00'] };
/** How soon another instance must use an edit (the cross-instance bus flushes every 50 ms). */
const WITHIN_MS = 1000;

/**
 * Done when: with two central instances on PostgreSQL and Mosquitto, renaming a branch or
 * changing its opening hours on one is used by the other's alerting (a silent device outside
 * the hours is `power-off`, not lost) and checklists (the daily log's branch name and hours, the
 * checklist wake-ups) within a second.
 */
describe('fleet facts across two central instances (PostgreSQL + Mosquitto)', () => {
  const group = new ProcessGroup();
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>> | undefined;
  const centrals: TestCentral[] = [];

  beforeAll(async () => {
    available = (await postgresAvailable()) && (await mosquittoBinaryAvailable());
    if (!available) return;
    db = await freshPostgresDatabase();
    mosquitto = await startMosquitto(group);
    // One after the other: the first runs the migrations on the fresh database.
    for (const name of ['a', 'b']) {
      const env = { MQTT_SHARE_GROUP: 'central', MQTT_CLIENT_ID: `lobby-central-facts-${name}-${process.pid}`, JWT_SECRET: 'a-shared-secret-of-enough-length' };
      centrals.push(await new TestCentral({ database: db.url, mqttUrl: mosquitto.url, env }).start());
    }
  });

  afterAll(async () => {
    for (const central of centrals) await central.stop().catch(() => undefined);
    await group.killAll();
    mosquitto?.cleanup();
    await db?.drop().catch(() => undefined);
  });

  /** Waits at most WITHIN_MS for `check`, with a message naming what instance B still showed. */
  async function withinASecond(what: string, check: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await eventually(check, WITHIN_MS, 20);
    } catch (error) {
      throw new Error(`instance B did not use the edit made on instance A within ${WITHIN_MS} ms (${what}; waited ${Date.now() - started} ms): ${(error as Error).message}`);
    }
  }

  it("uses a branch's new name and opening hours on the other instance's alerting and checklists within a second", async () => {
    if (!available) return;
    const [a, b] = centrals;
    expect((await a.admin.post('/api/branches', { id: BRANCH, name: '旧名称 Old name', openingHours: ALL_DAY })).status).toBe(201);
    const agent = await TestAgent.connect(mosquitto!.url, BRANCH);
    try {
      await agent.birth([{ id: DEVICE, kind: 'ticket-printer' }]);
      await eventually(async () => expect((await b.admin.get(`/api/devices/${DEVICE}`)).status).toBe(200), 20_000);
      await agent.status(DEVICE, { kind: 'ticket-printer', link: 'down', state: 'ok', faults: [] });
      // Open all day: a device whose link is down is not switched off, it is lost.
      await eventually(async () => expect((await b.admin.get(`/api/devices/${DEVICE}`)).body).toMatchObject({ link: 'down', state: 'ok' }), 20_000);
      const log = async () => (await b.admin.get(`/api/branches/${BRANCH}/daily-log?date=2020-01-01`)).body as { branchName: string; opening: { opensAt: string } | null };
      expect(await log()).toMatchObject({ branchName: '旧名称 Old name', opening: { opensAt: '2019-12-31T16:00:00.000Z' } });
      const scheduler = b.server.app.get(ChecklistScheduler);
      await scheduler.tick(); // a round (they run every minute) has seen the branch
      expect(scheduler.jobsOf(BRANCH).length).toBeGreaterThan(0);
      const wakeUpsBefore = scheduler.jobsOf(BRANCH).join(',');

      const patched = await a.admin.patch(`/api/branches/${BRANCH}`, { name: '新名称 New name', openingHours: WEDNESDAYS_ONLY });
      expect(patched.status).toBe(200);

      await Promise.all([
        withinASecond('alerting: device schedule', async () => expect((await b.admin.get(`/api/devices/${DEVICE}`)).body).toMatchObject({ link: 'down', state: 'power-off' })),
        withinASecond('checklists: daily log', async () => expect(await log()).toMatchObject({ branchName: '新名称 New name', opening: { opensAt: '2020-01-01T02:30:00.000Z' } })),
        withinASecond('checklists: wake-ups', async () => expect(scheduler.jobsOf(BRANCH).join(',')).not.toBe(wakeUpsBefore)),
      ]);
    } finally {
      await agent.client.endAsync().catch(() => undefined); // a clean goodbye: no will to ingest while the instances stop
    }
  });
});
