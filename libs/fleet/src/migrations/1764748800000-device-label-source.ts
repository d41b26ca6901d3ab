import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { str } = migrationColumns;

/**
 * Who set a device's name and location (issue 8): `agent` (its birth, from the agent's config) or
 * `admin` (the API). An admin's value wins over later births; null where nobody set it yet.
 */
export class DeviceLabelSource1764748800000 implements MigrationInterface {
  name = 'DeviceLabelSource1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('device', new TableColumn(str('name_set_by', 8, true)));
    await q.addColumn('device', new TableColumn(str('location_set_by', 8, true)));
    // Names given before this column existed came from an admin (births carried none).
    await q.query(`UPDATE device SET name_set_by = 'admin' WHERE name IS NOT NULL`);
    await q.query(`UPDATE device SET location_set_by = 'admin' WHERE location IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('device', 'location_set_by');
    await q.dropColumn('device', 'name_set_by');
  }
}
