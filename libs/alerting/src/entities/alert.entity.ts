import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AlertState, Role, Severity } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/**
 * An alert. `open_key` is set while the alert is not cleared and NULL after: its unique index
 * is what makes "one uncleared alert per (device or branch, type, code)" true on every engine
 * (NULLs are distinct in unique indexes on SQLite and PostgreSQL).
 */
@Entity('alert')
@Index('uq_alert_open_key', ['openKey'], { unique: true })
@Index('idx_alert_branch_state', ['branchId', 'state'])
@Index('idx_alert_device', ['deviceId'])
@Index('idx_alert_raised_at', ['raisedAt'])
@Index('idx_alert_state_raised_at', ['state', 'raisedAt'])
export class AlertEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'open_key', type: 'varchar', length: 300, nullable: true })
  openKey!: string | null;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 16 })
  state!: AlertState;

  /** What people read in zh-CN (the default locale). */
  @Column({ type: 'text' })
  message!: string;

  /** The same in English; null on alerts raised before the catalogue (then `message` serves). */
  @Column({ name: 'message_en', type: 'text', nullable: true })
  messageEn!: string | null;

  @Column({ name: 'rule_id', type: 'varchar', length: 64, nullable: true })
  ruleId!: string | null;

  @Column({ name: 'notify_roles', type: 'simple-json' })
  notifyRoles!: Role[];

  @Column({ name: 'raised_at', type: 'bigint', transformer: epochMs })
  raisedAt!: number;

  @Column({ name: 'acked_at', type: 'bigint', nullable: true, transformer: epochMs })
  ackedAt!: number | null;

  @Column({ name: 'acked_by', type: 'varchar', length: 64, nullable: true })
  ackedBy!: string | null;

  @Column({ name: 'ack_note', type: 'text', nullable: true })
  ackNote!: string | null;

  @Column({ name: 'cleared_at', type: 'bigint', nullable: true, transformer: epochMs })
  clearedAt!: number | null;

  @Column({ name: 'escalated_at', type: 'bigint', nullable: true, transformer: epochMs })
  escalatedAt!: number | null;

  /** When people were last told (raise or repeat); NULL until the raise notification is in the outbox. */
  @Column({ name: 'notified_at', type: 'bigint', nullable: true, transformer: epochMs })
  notifiedAt!: number | null;

  @Column({ name: 'repeat_count', type: 'integer', default: 0 })
  repeatCount!: number;

  @Column({ name: 'task_id', type: 'varchar', length: 64, nullable: true })
  taskId!: string | null;
}
