import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { migrationColumns } from '@lobby/platform';

const { int, ms, str, text } = migrationColumns;

/**
 * Security (issue 9): a per-user token version, raised on a password change or a disable so
 * older tokens stop working, the audit log of who changed what, and each agent credential's
 * Mosquitto hash (for an external broker's password file, `npm run mosquitto:sync`).
 */
export class SecurityAudit1764835200000 implements MigrationInterface {
  name = 'SecurityAudit1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('app_user', new TableColumn(int('token_version')));
    await q.addColumn('agent_credential', new TableColumn(str('mosquitto_hash', 200, true)));
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { ...str('id', 36), isPrimary: true },
          { ...ms('at', false) },
          str('actor', 64),
          str('action', 64),
          str('target_type', 32),
          str('target_id', 200, true),
          str('branch_id', 64, true),
          text('details', true),
        ],
        indices: [new TableIndex({ name: 'idx_audit_log_at', columnNames: ['at'] }), new TableIndex({ name: 'idx_audit_log_actor_at', columnNames: ['actor', 'at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log');
    await q.dropColumn('agent_credential', 'mosquitto_hash');
    await q.dropColumn('app_user', 'token_version');
  }
}
