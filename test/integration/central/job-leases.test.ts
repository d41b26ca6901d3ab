import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';

/** Every scheduled job a central server leads through a database lease. */
const JOBS = ['alerting.sweep', 'checklists', 'history-retention', 'report-rollups'];

function leases(file: string): Promise<{ name: string; holder: string }[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (opened) => {
      if (opened) return reject(opened);
      db.all('SELECT name, holder FROM job_lock ORDER BY name', (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows as { name: string; holder: string }[]);
      });
    });
  });
}

/**
 * A clean stop hands every scheduled job over at once: a restarted or second instance must not
 * wait out the stopped one's lease (minutes) before it sweeps alerts, makes checklists, rolls up
 * reports or deletes old history again.
 */
describe('job leases on a clean stop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lobby-leases-'));
  const file = join(dir, 'central.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are all held while the server runs and all given up when it stops', async () => {
    const central = await new TestCentral({ database: `sqlite:${file}` }).start();
    try {
      await eventually(async () => expect((await leases(file)).map((l) => l.name)).toEqual(JOBS), 20_000);
    } finally {
      await central.stop();
    }
    expect(await leases(file)).toEqual([]);
  });
});
