import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@lobby/platform';
import { ENTITIES } from '../../../apps/central-server/src/app.module';
import { MIGRATIONS } from '../../../apps/central-server/src/migrations';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';

jest.setTimeout(120_000);

/**
 * Issue 13 point 3: every list and report query over a table that grows with the fleet or with
 * time is answered through an index, on both engines. Each query below is the SQL shape its
 * service sends (same WHERE and ORDER BY); the engine's own plan must not scan the table:
 * SQLite's `EXPLAIN QUERY PLAN` says `SCAN <table>` without an index, PostgreSQL's `EXPLAIN`
 * (with sequential scans priced out, so an index is taken whenever one applies) `Seq Scan on`.
 * Dropping one of the indexes the migrations create makes its query fail here.
 */
interface PlannedQuery {
  name: string;
  /** PostgreSQL placeholders ($1…); turned into `?` for SQLite. */
  sql: string;
  params: unknown[];
}

const T = 1_765_000_000_000;
const QUERIES: PlannedQuery[] = [
  // Fleet: device history pages (DevicesService.history) and the forecasts' reads (ConsumptionHistory).
  { name: 'device history, statuses', sql: 'SELECT * FROM device_status h WHERE h.device_id = $1 AND h.ts BETWEEN $2 AND $3 ORDER BY h.ts ASC, h.seq ASC LIMIT 1001', params: ['D1', T, T + 1] },
  { name: 'device history, events', sql: 'SELECT * FROM fleet_event h WHERE h.device_id = $1 AND h.ts BETWEEN $2 AND $3 ORDER BY h.ts ASC, h.seq ASC LIMIT 1001', params: ['D1', T, T + 1] },
  { name: 'last status before a day', sql: 'SELECT ts, seq, status FROM device_status WHERE device_id = $1 AND ts < $2 ORDER BY ts DESC, seq DESC LIMIT 1', params: ['D1', T] },
  { name: 'last replacement event', sql: "SELECT ts, type, data FROM fleet_event WHERE device_id = $1 AND type IN ('paper.replaced') AND ts < $2 ORDER BY ts DESC, seq DESC LIMIT 1", params: ['D1', T] },
  // Retention: the oldest rows, a batch at a time (HistoryRetentionJob).
  { name: 'retention batch, statuses', sql: 'SELECT branch_id, boot_id, seq FROM device_status WHERE ts < $1 LIMIT 1000', params: [T] },
  { name: 'retention batch, events', sql: 'SELECT branch_id, boot_id, seq FROM fleet_event WHERE ts < $1 LIMIT 1000', params: [T] },
  // Device list (DevicesService.list): by branch, by state, by kind, and the count beside each page.
  { name: 'devices of branches', sql: 'SELECT * FROM device d WHERE d.branch_id IN ($1, $2) ORDER BY d.id ASC LIMIT 50', params: ['B1', 'B2'] },
  { name: 'devices by state', sql: 'SELECT * FROM device d WHERE d.live_state = $1 ORDER BY d.id ASC LIMIT 50', params: ['fault'] },
  { name: 'devices by kind, count', sql: 'SELECT COUNT(*) FROM device d WHERE d.kind = $1', params: ['atm'] },
  { name: 'devices, first page', sql: 'SELECT * FROM device d ORDER BY d.id ASC LIMIT 50', params: [] },
  // Alerts list (AlertsService.list) and the daily log's incidents (IncidentHistory).
  { name: 'alerts, newest first', sql: 'SELECT * FROM alert a ORDER BY a.raised_at DESC, a.id ASC LIMIT 50', params: [] },
  { name: 'alerts of branches by state', sql: 'SELECT * FROM alert a WHERE a.branch_id IN ($1, $2) AND a.state IN ($3) ORDER BY a.raised_at DESC LIMIT 50', params: ['B1', 'B2', 'active'] },
  { name: 'alerts by state', sql: 'SELECT * FROM alert a WHERE a.state IN ($1, $2) ORDER BY a.raised_at DESC LIMIT 50', params: ['active', 'acknowledged'] },
  { name: 'alerts of a device', sql: 'SELECT * FROM alert a WHERE a.device_id = $1 ORDER BY a.raised_at DESC LIMIT 50', params: ['D1'] },
  { name: 'alerts of a branch day', sql: 'SELECT * FROM alert a WHERE a.branch_id = $1 AND a.raised_at < $2 AND (a.cleared_at IS NULL OR a.cleared_at > $3) ORDER BY a.raised_at ASC', params: ['B1', T, T - 1] },
  // Tasks list (TasksService.list), the reports' open counts and the daily log.
  { name: 'tasks, newest first', sql: 'SELECT * FROM task t ORDER BY t.created_at DESC, t.id ASC LIMIT 50', params: [] },
  { name: 'tasks by resolve deadline', sql: 'SELECT * FROM task t WHERE t.status IN ($1, $2) ORDER BY t.resolve_due_at ASC, t.id ASC LIMIT 50', params: ['open', 'assigned'] },
  { name: 'tasks of branches by status', sql: 'SELECT * FROM task t WHERE t.branch_id IN ($1, $2) AND t.status IN ($3) ORDER BY t.created_at DESC LIMIT 50', params: ['B1', 'B2', 'open'] },
  { name: 'tasks of an assignee', sql: 'SELECT * FROM task t WHERE t.assignee = $1 ORDER BY t.created_at DESC LIMIT 50', params: ['tech'] },
  { name: 'tasks of a device', sql: 'SELECT * FROM task t WHERE t.device_id = $1 ORDER BY t.created_at DESC LIMIT 50', params: ['D1'] },
  { name: 'open tasks per branch', sql: 'SELECT t.branch_id, COUNT(*) FROM task t WHERE t.branch_id IN ($1, $2) AND t.status IN ($3, $4) GROUP BY t.branch_id', params: ['B1', 'B2', 'open', 'assigned'] },
  // Audit log (AuditService.list).
  { name: 'audit, newest first', sql: 'SELECT * FROM audit_log WHERE at BETWEEN $1 AND $2 ORDER BY at DESC, id ASC LIMIT 50', params: [T - 1, T] },
  { name: 'audit of an actor', sql: 'SELECT * FROM audit_log WHERE actor = $1 ORDER BY at DESC, id ASC LIMIT 50', params: ['admin'] },
  { name: 'audit of an action', sql: 'SELECT * FROM audit_log WHERE action = $1 ORDER BY at DESC, id ASC LIMIT 50', params: ['user.create'] },
  // Reports (ReportsService, RollupJob) and agent silences.
  { name: 'rollups of branches over a month', sql: "SELECT * FROM daily_rollup r WHERE r.branch_id IN ($1, $2) AND r.date >= $3 AND r.date <= $4", params: ['B1', 'B2', '2026-11-01', '2026-11-30'] },
  { name: 'rollups of the fleet over a month', sql: "SELECT * FROM daily_rollup r WHERE r.date >= $1 AND r.date <= $2", params: ['2026-11-01', '2026-11-30'] },
  { name: 'last rolled day of a branch', sql: "SELECT MAX(r.date) FROM daily_rollup r WHERE r.branch_id = $1 AND r.device_id = $2", params: ['B1', ''] },
  { name: 'agent silences of a branch day', sql: 'SELECT * FROM agent_silence s WHERE s.branch_id = $1 AND s.started_at < $2 AND (s.ended_at IS NULL OR s.ended_at > $3) ORDER BY s.started_at ASC', params: ['B1', T, T - 1] },
  // Checklists (ChecklistsService.list, DailyLogService).
  { name: 'checklists of branches on a date', sql: 'SELECT * FROM checklist c WHERE c.branch_id IN ($1, $2) AND c.date = $3 ORDER BY c.date DESC, c.branch_id ASC, c.due_at ASC LIMIT 50', params: ['B1', 'B2', '2026-11-29'] },
  { name: 'checklists on a date', sql: 'SELECT * FROM checklist c WHERE c.date = $1 ORDER BY c.date DESC, c.branch_id ASC, c.due_at ASC LIMIT 50', params: ['2026-11-29'] },
  { name: 'items of checklists', sql: 'SELECT * FROM checklist_item i WHERE i.checklist_id IN ($1, $2) ORDER BY i.position ASC', params: ['C1', 'C2'] },
  // Notifications and silences lists.
  { name: 'notifications of a branch', sql: 'SELECT * FROM notification n WHERE n.branch_id = $1 ORDER BY n.at DESC LIMIT 50', params: ['B1'] },
  { name: 'silences of branches', sql: 'SELECT * FROM silence s WHERE s.branch_id IN ($1, $2) ORDER BY s.starts_at DESC, s.id ASC LIMIT 50', params: ['B1', 'B2'] },
];

/** The table names a plan scans without an index. */
function sqliteScans(plan: { detail: string }[]): string[] {
  return plan.map((row) => row.detail.trim()).filter((detail) => /^SCAN \w+( AS \w+)?$/.test(detail));
}

function postgresScans(plan: { 'QUERY PLAN': string }[]): string[] {
  return plan.map((row) => row['QUERY PLAN']).filter((line) => line.includes('Seq Scan on'));
}

async function migrated(database: Parameters<typeof dataSourceOptions>[0]): Promise<DataSource> {
  return new DataSource(dataSourceOptions(database, ENTITIES, MIGRATIONS)).initialize();
}

describe('list and report queries use indexes', () => {
  it('on SQLite (EXPLAIN QUERY PLAN: no SCAN of a table without an index)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lobby-plan-'));
    const db = await migrated({ type: 'sqlite', path: join(dir, 'db.sqlite') });
    try {
      const failures: string[] = [];
      for (const q of QUERIES) {
        const plan = await db.query<{ detail: string }[]>(`EXPLAIN QUERY PLAN ${q.sql.replace(/\$\d+/g, '?')}`, q.params);
        const scans = sqliteScans(plan);
        if (scans.length) failures.push(`${q.name}: ${scans.join('; ')}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL (EXPLAIN with sequential scans priced out: no Seq Scan)', async () => {
    if (!(await postgresAvailable())) return;
    const pg = await freshPostgresDatabase();
    const db = await migrated({ type: 'postgres', url: pg.url });
    const runner = db.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const failures: string[] = [];
      for (const q of QUERIES) {
        const plan = (await runner.query(`EXPLAIN ${q.sql}`, q.params)) as { 'QUERY PLAN': string }[];
        const scans = postgresScans(plan);
        if (scans.length) failures.push(`${q.name}: ${scans.map((s) => s.trim()).join('; ')}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await runner.release();
      await db.destroy();
      await pg.drop();
    }
  });
});
