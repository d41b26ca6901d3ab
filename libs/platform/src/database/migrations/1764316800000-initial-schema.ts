import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { boolFor, id, int, ms, str, text } from './columns';

/**
 * The first schema, written with TypeORM's engine-neutral table API so one migration serves
 * SQLite and PostgreSQL. Times are epoch milliseconds (`bigint`); JSON is `text`.
 */
export class InitialSchema1764316800000 implements MigrationInterface {
  name = 'InitialSchema1764316800000';

  async up(q: QueryRunner): Promise<void> {
    const bool = boolFor(q);
    await q.createTable(new Table({ name: 'setting', columns: [id('key', 100), text('value')] }));
    await q.createTable(new Table({ name: 'job_lock', columns: [id('name', 100), str('holder', 100), ms('expires_at', false)] }));
    await q.createTable(
      new Table({
        name: 'branch',
        columns: [
          id('id'),
          str('name', 200),
          str('timezone', 64),
          text('opening_hours'),
          text('exceptions'),
          text('location', true),
          ms('created_at', false),
          ms('updated_at', false),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agent',
        columns: [
          id('branch_id'),
          bool('online', false),
          str('boot_id', 64, true),
          str('agent_version', 64, true),
          ms('last_birth_at'),
          ms('last_death_at'),
          ms('last_seen_at'),
          ms('last_seq'),
          int('missing_seq'),
          text('health', true),
          ms('health_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'device',
        columns: [
          id('id'),
          str('branch_id', 64),
          str('kind', 32),
          str('name', 200, true),
          str('location', 200, true),
          text('settings'),
          bool('decommissioned', false),
          bool('reported', true),
          str('registered_by', 16),
          ms('created_at', false),
          text('live', true),
          str('live_state', 16, true),
          ms('live_ts'),
          ms('live_seq'),
          ms('last_seen_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_device_branch', columnNames: ['branch_id'] }),
          new TableIndex({ name: 'idx_device_live_state', columnNames: ['live_state'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'device_status',
        // The natural key (agent, boot, seq) is the primary key: the database drops duplicates.
        columns: [
          { ...str('branch_id', 64), isPrimary: true },
          { ...str('boot_id', 64), isPrimary: true },
          { ...ms('seq', false), isPrimary: true },
          str('device_id', 64),
          ms('ts', false),
          ms('received_at', false),
          bool('historical', false),
          text('status'),
        ],
        indices: [new TableIndex({ name: 'idx_device_status_device_ts', columnNames: ['device_id', 'ts'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'fleet_event',
        columns: [
          { ...str('branch_id', 64), isPrimary: true },
          { ...str('boot_id', 64), isPrimary: true },
          { ...ms('seq', false), isPrimary: true },
          str('device_id', 64, true),
          ms('ts', false),
          ms('received_at', false),
          str('type', 64),
          text('data'),
          bool('historical', false),
        ],
        indices: [new TableIndex({ name: 'idx_fleet_event_device_ts', columnNames: ['device_id', 'ts'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'device_command',
        columns: [
          id('id'),
          str('device_id', 64),
          str('branch_id', 64),
          str('action', 32),
          text('args', true),
          str('status', 16),
          text('error', true),
          str('issued_by', 64),
          ms('issued_at', false),
          ms('expires_at', false),
          ms('finished_at'),
        ],
        indices: [new TableIndex({ name: 'idx_device_command_status', columnNames: ['status', 'expires_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [
          id('username'),
          str('password_hash', 200),
          str('role', 32),
          text('branches'),
          bool('disabled', false),
          ms('created_at', false),
          ms('updated_at', false),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agent_credential',
        columns: [id('username'), str('branch_id', 64), str('secret_hash', 200), ms('created_at', false)],
        indices: [new TableIndex({ name: 'uq_agent_credential_branch', columnNames: ['branch_id'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['agent_credential', 'app_user', 'device_command', 'fleet_event', 'device_status', 'device', 'agent', 'branch', 'job_lock', 'setting']) {
      await q.dropTable(table);
    }
  }
}
