import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { id, ms, str, text } = migrationColumns;

/** The lobby manager's work log (大堂经理工作日志) with the branch head's review (批阅). */
export class WorkLog1765000006000 implements MigrationInterface {
  name = 'WorkLog1765000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'work_log',
        columns: [
          id('id'),
          str('branch_id', 64),
          str('date', 10),
          str('status', 16),
          text('situation'),
          text('problems'),
          text('suggestions'),
          text('on_duty'),
          str('written_by', 64),
          ms('updated_at', false),
          str('submitted_by', 64, true),
          ms('submitted_at'),
          str('reviewed_by', 64, true),
          ms('reviewed_at'),
          text('review_comment', true),
        ],
        indices: [new TableIndex({ name: 'uq_work_log_branch_date', columnNames: ['branch_id', 'date'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('work_log');
  }
}
