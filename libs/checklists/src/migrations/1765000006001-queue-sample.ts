import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { ms, str } = migrationColumns;

/** Optional queue-system reports (customers waiting, longest wait) per branch. */
export class QueueSample1765000006001 implements MigrationInterface {
  name = 'QueueSample1765000006001';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'queue_sample',
        columns: [
          { ...str('branch_id', 64), isPrimary: true },
          { ...ms('ts', false), isPrimary: true },
          { name: 'waiting', type: 'integer' },
          { name: 'longest_wait_s', type: 'integer' },
          { name: 'mean_wait_s', type: 'integer', isNullable: true },
          ms('received_at', false),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('queue_sample');
  }
}
