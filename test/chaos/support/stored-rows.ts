import { Client } from 'pg';
import sqlite3 from 'sqlite3';

/**
 * What the central server stored, read straight from its database (SQLite file or PostgreSQL), so
 * the figures do not depend on the history API's paging: seq → number of rows of one branch.
 */
export type StoredCounts = Map<number, number>;

export async function storedStatusSeqs(databaseUrl: string, branchId: string): Promise<StoredCounts> {
  return countBySeq(databaseUrl, 'SELECT seq, COUNT(*) AS n FROM device_status WHERE branch_id = $1 GROUP BY seq', [branchId]);
}

/** Device and agent events of one branch (`buffer.dropped`, `device.unplugged`, …) by seq. */
export async function storedEvents(databaseUrl: string, branchId: string): Promise<{ seq: number; type: string; data: Record<string, unknown> }[]> {
  const rows = await query(databaseUrl, 'SELECT seq, type, data FROM fleet_event WHERE branch_id = $1 ORDER BY seq', [branchId]);
  return rows.map((row) => ({ seq: Number(row.seq), type: String(row.type), data: JSON.parse(String(row.data)) as Record<string, unknown> }));
}

async function countBySeq(databaseUrl: string, sql: string, params: unknown[]): Promise<StoredCounts> {
  const rows = await query(databaseUrl, sql, params);
  return new Map(rows.map((row) => [Number(row.seq), Number(row.n)]));
}

async function query(databaseUrl: string, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  if (databaseUrl.startsWith('sqlite:')) return querySqlite(databaseUrl.slice('sqlite:'.length), sql.replace(/\$\d+/g, '?'), params);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

function querySqlite(file: string, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.configure('busyTimeout', 5000);
      db.all(sql, params, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows as Record<string, unknown>[]);
      });
    });
  });
}
