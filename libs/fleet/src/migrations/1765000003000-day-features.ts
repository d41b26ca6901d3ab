import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { boolFor, ms, str, text } = migrationColumns;

/**
 * The lobby manager's day (issue 11, points 4 and 7): a branch's 24-hour self-service area, the
 * kinds it switches off at night, and the self-service state (分流) last told to the lobby
 * manager, so a restart does not tell them again.
 */
export class DayFeatures1765000003000 implements MigrationInterface {
  name = 'DayFeatures1765000003000';

  async up(q: QueryRunner): Promise<void> {
    const bool = boolFor(q);
    await q.addColumn('branch', new TableColumn(bool('self_service_24h', false)));
    await q.addColumn('branch', new TableColumn(text('night_power_off', true)));
    await q.addColumn('branch', new TableColumn(str('self_service_state', 32, true)));
    await q.addColumn('branch', new TableColumn(ms('self_service_since')));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('branch', 'self_service_since');
    await q.dropColumn('branch', 'self_service_state');
    await q.dropColumn('branch', 'night_power_off');
    await q.dropColumn('branch', 'self_service_24h');
  }
}
