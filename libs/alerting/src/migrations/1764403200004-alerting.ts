import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { boolFor, id, int, ms, str, text } = migrationColumns;

/**
 * Alerting (issue 4): alerts, rule-condition state, tasks, silences, webhooks and the
 * notification outbox. "One uncleared alert / one open task per problem" are unique indexes on
 * `open_key` columns that are NULL once the alert is cleared or the task closed.
 */
export class Alerting1764403200004 implements MigrationInterface {
  name = 'Alerting1764403200004';

  async up(q: QueryRunner): Promise<void> {
    const bool = boolFor(q);
    await q.createTable(
      new Table({
        name: 'alert',
        columns: [
          id('id'),
          str('open_key', 300, true),
          str('branch_id', 64),
          str('device_id', 64, true),
          str('type', 64),
          str('code', 64, true),
          str('severity', 16),
          str('state', 16),
          text('message'),
          str('rule_id', 64, true),
          text('notify_roles'),
          ms('raised_at', false),
          ms('acked_at'),
          str('acked_by', 64, true),
          text('ack_note', true),
          ms('cleared_at'),
          ms('escalated_at'),
          ms('notified_at'),
          int('repeat_count'),
          str('task_id', 64, true),
        ],
        indices: [
          new TableIndex({ name: 'uq_alert_open_key', columnNames: ['open_key'], isUnique: true }),
          new TableIndex({ name: 'idx_alert_branch_state', columnNames: ['branch_id', 'state'] }),
          new TableIndex({ name: 'idx_alert_device', columnNames: ['device_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_condition',
        columns: [
          id('key', 300),
          str('branch_id', 64),
          str('device_id', 64, true),
          str('rule_id', 64),
          str('type', 64),
          str('code', 64, true),
          str('severity', 16),
          text('message'),
          bool('active', true),
          ms('since', false),
          ms('inactive_since'),
          ms('observed_ts', false),
          str('alert_id', 64, true),
        ],
        indices: [new TableIndex({ name: 'idx_alert_condition_scope', columnNames: ['branch_id', 'device_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'task',
        columns: [
          id('id'),
          str('open_key', 300, true),
          str('kind', 32),
          str('branch_id', 64),
          str('device_id', 64, true),
          str('problem', 128),
          str('status', 16),
          str('severity', 16),
          str('assignee', 64, true),
          ms('created_at', false),
          ms('opened_at', false),
          ms('response_due_at', false),
          ms('resolve_due_at', false),
          ms('responded_at'),
          ms('resolved_at'),
          ms('closed_at'),
          bool('overdue', false),
          str('escalated', 16, true),
          text('alert_ids'),
          text('history'),
          int('version'),
          ms('updated_at', false),
        ],
        indices: [
          new TableIndex({ name: 'uq_task_open_key', columnNames: ['open_key'], isUnique: true }),
          new TableIndex({ name: 'idx_task_branch_status', columnNames: ['branch_id', 'status'] }),
          new TableIndex({ name: 'idx_task_device_problem', columnNames: ['device_id', 'problem'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'silence',
        columns: [id('id'), str('branch_id', 64), str('device_id', 64, true), ms('starts_at', false), ms('ends_at', false), text('reason', true), str('created_by', 64), ms('created_at', false)],
        indices: [new TableIndex({ name: 'idx_silence_branch_ends', columnNames: ['branch_id', 'ends_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook',
        columns: [
          id('id'),
          text('url'),
          str('format', 16),
          text('secret', true),
          text('branches', true),
          text('roles', true),
          str('min_severity', 16, true),
          str('created_by', 64),
          ms('created_at', false),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification',
        columns: [
          id('id'),
          str('dedupe_key', 300),
          str('branch_id', 64),
          str('device_id', 64, true),
          str('kind', 64),
          str('severity', 16),
          text('roles'),
          text('title'),
          text('text'),
          ms('at', false),
          bool('muted', false),
          bool('fanned_out', false),
          ms('created_at', false),
        ],
        indices: [
          new TableIndex({ name: 'uq_notification_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_notification_branch_at', columnNames: ['branch_id', 'at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_delivery',
        columns: [
          { ...str('notification_id', 64), isPrimary: true },
          { ...str('webhook_id', 64), isPrimary: true },
          str('status', 16),
          int('attempts'),
          ms('next_attempt_at', false),
          ms('claimed_until'),
          text('last_error', true),
          ms('sent_at'),
        ],
        indices: [new TableIndex({ name: 'idx_delivery_due', columnNames: ['status', 'next_attempt_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notification_delivery', 'notification', 'webhook', 'silence', 'task', 'alert_condition', 'alert']) {
      await q.dropTable(table);
    }
  }
}
