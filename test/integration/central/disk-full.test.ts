import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Topics } from '@lobby/contracts';
import { eventually } from '../../support/eventually';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';
import { TestCentral } from '../../support/test-central';
import { TestAgent } from '../../support/test-agent';

/**
 * SQLite on a filesystem that fills up (a size-limited tmpfs): events published meanwhile are
 * not acknowledged, health says so, and every one is written once space comes back (issue 9,
 * defect 4). Mounting needs root; elsewhere the suite says why it skips.
 */
const mountPoint = fs.mkdtempSync(join(tmpdir(), 'lobby-tiny-fs-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) process.stderr.write('disk-full.test: cannot mount a tmpfs (needs root): skipped\n');

describe('a full disk under SQLite loses no acknowledged event', () => {
  const branch = `BR-FULL-${Date.now().toString(36)}`;
  const device = `${branch}-TP1`;
  const filler = join(mountPoint, 'filler');
  let central: TestCentral;
  let agent: TestAgent;

  afterAll(async () => {
    await agent?.end();
    await central?.stop();
    if (mounted) spawnSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it('acknowledges only what is stored while the disk is full, counts the failed writes, and writes all 150 when space is back', async () => {
    if (!mounted) return;
    central = await new TestCentral({ database: `sqlite:${join(mountPoint, 'lobby.sqlite')}` }).start();
    agent = await TestAgent.connect(central.mqttUrl, branch, await central.branch(branch));
    await agent.birth([{ id: device, kind: 'ticket-printer' }]);
    await eventually(async () => expect((await central.admin.get(`/api/devices/${device}`)).status).toBe(200));
    await central.server.app.get(DataSource).query('PRAGMA wal_checkpoint(TRUNCATE)');
    fillDisk(filler);
    // SQLite gives back what a failed write took: keep the disk full for the whole outage.
    const keepFull = setInterval(() => fillDisk(filler, true), 5);
    try {
      const { acked, publishes } = publishEvents(agent, branch, device, 150);
      // SQLite may squeeze a batch into space a failed write left behind, so the outage is
      // seen through its counter (health while it lasts: the PostgreSQL case below).
      await eventually(async () => expect(await central.metric('lobby_ingest_write_failures_total')).toBeGreaterThan(0), 10_000);
      const storedDuringOutage = await storedNumbers(central, device);
      for (const n of acked) expect(storedDuringOutage).toContain(n);

      clearInterval(keepFull);
      fs.rmSync(filler);
      await eventually(async () => expect(acked.size).toBe(150), 20_000);
      await Promise.all(publishes);
      expect(await storedNumbers(central, device)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      await eventually(async () => expect((await central.http.get('/api/health')).body).toEqual({ status: 'ok', mqtt: 'up', db: 'up' }));
    } finally {
      clearInterval(keepFull);
    }
  });
});

describe('PostgreSQL refusing writes (disk full) loses no acknowledged event', () => {
  const branch = `BR-PGFULL-${Date.now().toString(36)}`;
  const device = `${branch}-TP1`;
  let central: TestCentral | undefined;
  let agent: TestAgent | undefined;
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await agent?.end();
    await central?.stop();
    await drop?.();
  });

  it('acknowledges nothing and says db down while every insert fails, then writes all 50', async () => {
    if (!(await postgresAvailable())) return;
    const database = await freshPostgresDatabase();
    drop = () => database.drop();
    central = await new TestCentral({ database: database.url }).start();
    agent = await TestAgent.connect(central.mqttUrl, branch, await central.branch(branch));
    await agent.birth([{ id: device, kind: 'ticket-printer' }]);
    await eventually(async () => expect((await central!.admin.get(`/api/devices/${device}`)).status).toBe(200));
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      // The error PostgreSQL gives when its disk is full (SQLSTATE 53100), from a real trigger.
      await sql.query(`CREATE FUNCTION disk_full() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$ LANGUAGE plpgsql`);
      await sql.query('CREATE TRIGGER disk_full BEFORE INSERT ON fleet_event FOR EACH ROW EXECUTE FUNCTION disk_full()');
      const { acked, publishes } = publishEvents(agent, branch, device, 50);
      await eventually(async () => expect((await central!.http.get('/api/health')).body).toEqual({ status: 'degraded', mqtt: 'up', db: 'down' }), 10_000);
      expect(acked.size).toBe(0);
      expect(await storedNumbers(central, device)).toEqual([]);

      await sql.query('DROP TRIGGER disk_full ON fleet_event');
      await eventually(async () => expect(acked.size).toBe(50), 20_000);
      await Promise.all(publishes);
      expect(await storedNumbers(central, device)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      await eventually(async () => expect((await central!.http.get('/api/health')).body).toEqual({ status: 'ok', mqtt: 'up', db: 'up' }));
    } finally {
      await sql.end();
    }
  });
});

function fillDisk(file: string, quiet = false): void {
  if (quiet && !fs.existsSync(file)) return;
  const fd = fs.openSync(file, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
  // The last partial chunk too: not a byte left.
  const small = Buffer.alloc(512, 1);
  const fd2 = fs.openSync(file, 'a');
  try {
    for (;;) fs.writeSync(fd2, small);
  } catch {
    // full
  } finally {
    fs.closeSync(fd2);
  }
}

function publishEvents(agent: TestAgent, branch: string, device: string, count: number): { acked: Set<number>; publishes: Promise<unknown>[] } {
  const acked = new Set<number>();
  const ts = new Date().toISOString();
  const publishes = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const payload = JSON.stringify({ seq: agent.nextSeq(), ts, type: 'door.opened', data: { n, pad: 'x'.repeat(1500) } });
    return agent.client.publishAsync(Topics.deviceEvent(branch, device), payload, { qos: 1 }).then(() => acked.add(n));
  });
  return { acked, publishes };
}

async function storedNumbers(central: TestCentral, device: string): Promise<number[]> {
  const history = await central.admin.get(`/api/devices/${device}/history?limit=1000`);
  return (history.body.events as { data: { n: number } }[]).map((e) => e.data.n).sort((a, b) => a - b);
}
