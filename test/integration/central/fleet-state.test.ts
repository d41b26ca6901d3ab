import { freshPostgresDatabase, MOSQUITTO_URL, mosquittoAvailable, postgresAvailable } from '../../support/services';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

type Setup = { name: string; database: 'sqlite' | 'postgres'; broker: 'embedded' | 'mosquitto' };
const SETUPS: Setup[] = [
  { name: 'SQLite + embedded broker', database: 'sqlite', broker: 'embedded' },
  { name: 'PostgreSQL + embedded broker', database: 'postgres', broker: 'embedded' },
  { name: 'SQLite + Mosquitto', database: 'sqlite', broker: 'mosquitto' },
  { name: 'PostgreSQL + Mosquitto', database: 'postgres', broker: 'mosquitto' },
];

describe.each(SETUPS)('live fleet state over MQTT and HTTP ($name)', (setup) => {
  // Branch ids unique per run: Mosquitto keeps retained messages between runs.
  const branch = `BR-${setup.database}-${setup.broker}-${Date.now().toString(36)}`;
  const device = `${branch}-TP1`;
  let central: TestCentral;
  let agent: TestAgent;
  let dropDb: (() => Promise<void>) | undefined;
  let available = true;

  beforeAll(async () => {
    if (setup.database === 'postgres') available = await postgresAvailable();
    if (setup.broker === 'mosquitto') available = available && (await mosquittoAvailable());
    if (!available) return;
    let database: string = 'sqlite';
    if (setup.database === 'postgres') {
      const db = await freshPostgresDatabase();
      database = db.url;
      dropDb = () => db.drop();
    }
    central = await new TestCentral({ database, mqttUrl: setup.broker === 'mosquitto' ? MOSQUITTO_URL : undefined }).start();
    const credentials = await central.branch(branch);
    agent = await TestAgent.connect(central.mqttUrl, branch, setup.broker === 'embedded' ? credentials : undefined);
  });

  afterAll(async () => {
    await agent?.end();
    await central?.stop();
    await dropDb?.();
  });

  const itWhenAvailable = (name: string, fn: () => Promise<void>) => it(name, async () => (available ? fn() : undefined));

  itWhenAvailable('registers devices from the birth and serves their published status with a token', async () => {
    await agent.birth([{ id: device, kind: 'ticket-printer' }]);
    await agent.status(device, printerStatus('ok', 10));
    await agent.status(device, printerStatus('low', 42));
    const found = await eventually(async () => {
      const response = await central.admin.get(`/api/devices/${device}`);
      expect(response.status).toBe(200);
      expect(response.body.counters).toEqual({ ticketsPrinted: 42 });
      return response.body;
    });
    expect(found).toMatchObject({ id: device, branchId: branch, kind: 'ticket-printer', link: 'up', state: 'warning', consumables: { paper: { level: 'low' } } });
    expect(Date.parse(found.lastSeen)).toBeGreaterThan(0);
    expect((await central.http.get(`/api/devices/${device}`)).status).toBe(401);
  });

  itWhenAvailable('keeps newer live state when an older historical status arrives, and stores it in history', async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    await agent.status(device, printerStatus('out', 5), { ts: old, historical: true });
    await eventually(async () => {
      const history = await central.admin.get(`/api/devices/${device}/history`);
      expect(history.body.statuses.some((s: { historical: boolean }) => s.historical)).toBe(true);
    });
    const live = await central.admin.get(`/api/devices/${device}`);
    expect(live.body.consumables).toEqual({ paper: { level: 'low' } });
  });

  itWhenAvailable('drops a repeated seq', async () => {
    const seq = await agent.status(device, printerStatus('low', 50));
    await agent.status(device, printerStatus('out', 51), { seq });
    await agent.status(device, printerStatus('low', 52));
    await eventually(async () => expect((await central.admin.get(`/api/devices/${device}`)).body.counters.ticketsPrinted).toBe(52));
    const history = await central.admin.get(`/api/devices/${device}/history`);
    expect(history.body.statuses.filter((s: { seq: number }) => s.seq === seq)).toHaveLength(1);
    expect(history.body.statuses.some((s: { counters: { ticketsPrinted: number } }) => s.counters.ticketsPrinted === 51)).toBe(false);
  });

  itWhenAvailable('keeps the fleet state across a restart of the server', async () => {
    await central.restart();
    const after = await central.admin.get(`/api/devices/${device}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ link: 'up', state: 'warning', counters: { ticketsPrinted: 52 } });
    const branchView = await central.admin.get(`/api/branches/${branch}`);
    expect(branchView.body.health).toMatchObject({ devices: 1, warning: 1 });
  });

  itWhenAvailable('goes on ingesting after the restart, without calling replays new', async () => {
    if (setup.broker === 'embedded') {
      await agent.end();
      const credentials = await central.admin.post(`/api/branches/${branch}/agent-credentials`);
      agent = await TestAgent.connect(central.mqttUrl, branch, credentials.body);
      await agent.birth([{ id: device, kind: 'ticket-printer' }]);
    }
    // The restarted server restored the agent's last seq: a replay of an old number is dropped
    // by the database's unique index, a new number is applied.
    for (let i = 0; i < 5; i++) agent.nextSeq();
    await agent.status(device, printerStatus('ok', 60));
    await eventually(async () => expect((await central.admin.get(`/api/devices/${device}`)).body.counters.ticketsPrinted).toBe(60));
  });

  // The two guards below are invisible to the tests above: their replays carry an older `ts`
  // (never newer than live) and the same seq (the database's unique key hides a second row).
  // Here only the guard stands between the replay and the live state.
  const guarded = `${branch}-TP2`;
  const marker = `${branch}-TP9`;
  const live = async () => (await central.admin.get(`/api/devices/${guarded}`)).body;
  /** The branch's messages are ingested in order: once a later marker is live, what came before was handled. */
  const afterIngest = async (n: number) => {
    await agent.status(marker, printerStatus('ok', n));
    await eventually(async () => expect((await central.admin.get(`/api/devices/${marker}`)).body.counters?.ticketsPrinted).toBe(n));
  };

  itWhenAvailable('drops a replayed seq even when it is newer and says something else (seq window)', async () => {
    await agent.birth([
      { id: device, kind: 'ticket-printer' },
      { id: guarded, kind: 'ticket-printer' },
      { id: marker, kind: 'ticket-printer' },
    ]);
    const seq = await agent.status(guarded, printerStatus('low', 70));
    await afterIngest(1);
    await agent.status(guarded, printerStatus('out', 71), { seq, ts: new Date(Date.now() + 1_000).toISOString() });
    await afterIngest(2);
    expect(await live()).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' } }, counters: { ticketsPrinted: 70 } });
  });

  itWhenAvailable('keeps a historical status out of live state even when it is newer (historical guard)', async () => {
    await agent.status(guarded, printerStatus('out', 72), { ts: new Date(Date.now() + 1_000).toISOString(), historical: true });
    await afterIngest(3);
    expect(await live()).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' } }, counters: { ticketsPrinted: 70 } });
    // Still stored: history goes up to `to` (default now), so look a minute ahead.
    const history = await central.admin.get(`/api/devices/${guarded}/history?to=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(history.body.statuses.filter((s: { historical: boolean }) => s.historical).map((s: { counters: object }) => s.counters)).toEqual([{ ticketsPrinted: 72 }]);
  });
});
