import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { ms, str, text } = migrationColumns;

/** Ingest rows the database refused on their own, set aside instead of retried forever (issue 9). */
export class IngestDeadLetter1764662400000 implements MigrationInterface {
  name = 'IngestDeadLetter1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'ingest_dead_letter',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('kind', 16),
          str('branch_id', 64, true),
          str('device_id', 64, true),
          ms('seq'),
          ms('set_aside_at', false),
          text('error'),
          text('payload'),
        ],
        indices: [new TableIndex({ name: 'idx_ingest_dead_letter_at', columnNames: ['set_aside_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ingest_dead_letter');
  }
}
