import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { boolFor, ms, str, text } = migrationColumns;

/**
 * Opening/closing checklists with their items, and the daily equipment log (issue 5). Engine-neutral
 * table API as in the initial schema: times epoch ms (`bigint`), JSON as `text`.
 */
export class ChecklistsDailyLog1764576000000 implements MigrationInterface {
  name = 'ChecklistsDailyLog1764576000000';

  async up(q: QueryRunner): Promise<void> {
    const bool = boolFor(q);
    await q.createTable(
      new Table({
        name: 'checklist',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('branch_id', 64),
          str('kind', 16),
          str('date', 10),
          ms('due_at', false),
          ms('opens_at', false),
          ms('closes_at', false),
          ms('overdue_at', false),
          ms('generated_at', false),
          str('signed_off_by', 64, true),
          ms('signed_off_at'),
          text('sign_off_note', true),
          str('overdue_alert_id', 64, true),
        ],
        indices: [
          new TableIndex({ name: 'uq_checklist_branch_kind_date', columnNames: ['branch_id', 'kind', 'date'], isUnique: true }),
          new TableIndex({ name: 'idx_checklist_date', columnNames: ['date'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'checklist_item',
        columns: [
          { ...str('checklist_id', 64), isPrimary: true },
          { ...str('item_id', 120), isPrimary: true },
          { name: 'position', type: 'integer' },
          str('mode', 8),
          str('check_kind', 32, true),
          str('device_id', 64, true),
          str('title_zh', 300),
          str('title_en', 300),
          text('params'),
          bool('done', false),
          text('reason_zh', true),
          text('reason_en', true),
          str('alert_id', 64, true),
          str('task_id', 64, true),
          str('done_by', 64, true),
          ms('done_at'),
          text('note', true),
          ms('evaluated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'daily_log',
        columns: [{ ...str('id', 64), isPrimary: true }, str('branch_id', 64), str('date', 10), ms('generated_at', false), text('content')],
        indices: [new TableIndex({ name: 'uq_daily_log_branch_date', columnNames: ['branch_id', 'date'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['daily_log', 'checklist_item', 'checklist']) await q.dropTable(table);
  }
}
