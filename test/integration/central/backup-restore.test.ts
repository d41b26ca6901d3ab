import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sqlite3 from 'sqlite3';
import { eventually } from '../../support/eventually';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';
import { ADMIN_PASSWORD, TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

const run = promisify(execFile);

/**
 * docs/operations.md "Backup and restore": a backup taken while the server runs, restored into
 * a fresh database, starts a server that serves the same fleet, history, users and tokens' secret.
 */
describe('backup and restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lobby-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A branch, a device with two statuses (live state and history) and a user. */
  async function fill(central: TestCentral, branch: string): Promise<void> {
    const agent = await TestAgent.connect(central.mqttUrl, branch, await central.branch(branch));
    await agent.birth([{ id: `${branch}-TP1`, kind: 'ticket-printer' }]);
    await agent.status(`${branch}-TP1`, printerStatus('ok', 10));
    await agent.status(`${branch}-TP1`, printerStatus('low', 20));
    await agent.end();
    await eventually(async () => expect((await central.admin.get(`/api/devices/${branch}-TP1/history`)).body.statuses).toHaveLength(2));
    await central.user(`${branch.toLowerCase()}-mgr`, 'lobby-manager', [branch]);
  }

  /** What the restored server must serve as the original did. */
  async function view(central: TestCentral, branch: string): Promise<unknown> {
    const device = (await central.admin.get(`/api/devices/${branch}-TP1`)).body;
    const history = (await central.admin.get(`/api/devices/${branch}-TP1/history`)).body.statuses.map((s: { counters: object }) => s.counters);
    const users = (await central.admin.get('/api/users')).body.items.map((u: { username: string }) => u.username);
    return { state: device.state, counters: device.counters, history, users };
  }

  it('restores an online SQLite backup (VACUUM INTO) into a new file and starts on it', async () => {
    const source = await new TestCentral().start();
    const backup = join(dir, 'backup.sqlite');
    let before: unknown;
    let token = '';
    try {
      token = (await source.http.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body.token as string;
      await fill(source, 'BK-SQ');
      before = await view(source, 'BK-SQ');
      // A second connection, as an operator's backup job has, while the server keeps running.
      const db = new sqlite3.Database(source.databaseUrl.replace(/^sqlite:/, ''));
      await new Promise<void>((resolve, reject) => db.run(`VACUUM INTO '${backup}'`, (error) => (error ? reject(error) : resolve())));
      await new Promise<void>((resolve) => db.close(() => resolve()));
    } finally {
      await source.stop();
    }
    const restored = await new TestCentral({ database: `sqlite:${backup}` }).start();
    try {
      expect(await view(restored, 'BK-SQ')).toEqual(before);
      // The generated JWT secret lives in the database: tokens issued before still work.
      expect((await restored.http.withToken(token).get('/api/branches')).status).toBe(200);
    } finally {
      await restored.stop();
    }
  });

  it('restores a PostgreSQL dump (pg_dump -Fc, pg_restore) into a fresh database and starts on it', async () => {
    if (!(await postgresAvailable())) return;
    const sourceDb = await freshPostgresDatabase();
    const targetDb = await freshPostgresDatabase();
    const dump = join(dir, 'lobby.dump');
    try {
      const source = await new TestCentral({ database: sourceDb.url }).start();
      let before: unknown;
      try {
        await fill(source, 'BK-PG');
        before = await view(source, 'BK-PG');
        await run('pg_dump', ['--format=custom', '--file', dump, sourceDb.url]);
      } finally {
        await source.stop();
      }
      await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', targetDb.url, dump]);
      const restored = await new TestCentral({ database: targetDb.url }).start();
      try {
        expect(await view(restored, 'BK-PG')).toEqual(before);
      } finally {
        await restored.stop();
      }
    } finally {
      await sourceDb.drop();
      await targetDb.drop();
    }
  });
});
