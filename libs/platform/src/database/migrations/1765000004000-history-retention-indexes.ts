import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Indexes for the list and report queries, and for history retention (delete by age). */
const INDEXES: [table: string, name: string, columns: string[]][] = [
  ['device_status', 'idx_device_status_ts', ['ts']],
  ['fleet_event', 'idx_fleet_event_ts', ['ts']],
  ['device', 'idx_device_kind', ['kind']],
  ['alert', 'idx_alert_raised_at', ['raised_at']],
  ['alert', 'idx_alert_state_raised_at', ['state', 'raised_at']],
  ['task', 'idx_task_created_at', ['created_at']],
  ['task', 'idx_task_status_resolve_due', ['status', 'resolve_due_at']],
  ['task', 'idx_task_assignee_created_at', ['assignee', 'created_at']],
  ['audit_log', 'idx_audit_log_action_at', ['action', 'at']],
];

export class HistoryRetentionIndexes1765000004000 implements MigrationInterface {
  name = 'HistoryRetentionIndexes1765000004000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, name, columnNames] of INDEXES) await q.createIndex(table, new TableIndex({ name, columnNames }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of [...INDEXES].reverse()) await q.dropIndex(table, name);
  }
}
