import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { ms, str } = migrationColumns;

const count = (name: string) => ({ name, type: 'integer' });

/**
 * The reports' daily rollups (per device and per branch and local date) and the spans in which a
 * branch's agent was silent (unknown time for availability).
 */
export class ReportRollups1764900000000 implements MigrationInterface {
  name = 'ReportRollups1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'daily_rollup',
        columns: [
          { ...str('branch_id', 64), isPrimary: true },
          { ...str('date', 10), isPrimary: true },
          { ...str('device_id', 64), isPrimary: true },
          ms('expected_ms', false),
          ms('available_ms', false),
          ms('unavailable_ms', false),
          ms('unknown_ms', false),
          count('failures'),
          count('acks'),
          ms('ack_ms', false),
          count('repairs'),
          ms('repair_ms', false),
          count('tickets_printed'),
          count('paper_rolls'),
          count('ribbons'),
          count('checklists_due'),
          count('checklists_on_time'),
          count('checklists_late'),
          count('checklists_missed'),
          ms('computed_at', false),
        ],
        indices: [new TableIndex({ name: 'idx_daily_rollup_date', columnNames: ['date'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agent_silence',
        columns: [{ ...str('id', 64), isPrimary: true }, str('branch_id', 64), ms('started_at', false), ms('ended_at')],
        indices: [new TableIndex({ name: 'idx_agent_silence_branch_started', columnNames: ['branch_id', 'started_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['agent_silence', 'daily_rollup']) await q.dropTable(table);
  }
}
