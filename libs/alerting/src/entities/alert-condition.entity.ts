import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Severity } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/**
 * The hysteresis state of one rule condition (device or branch, type, code), shared by every
 * instance: since when it is true (`active`) or false again, and the alert it raised. Updates are
 * conditional on `observed_ts`, so an older reading never overwrites a newer one.
 */
@Entity('alert_condition')
@Index('idx_alert_condition_scope', ['branchId', 'deviceId'])
export class AlertConditionEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ name: 'rule_id', type: 'varchar', length: 64 })
  ruleId!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'message_en', type: 'text', nullable: true })
  messageEn!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'bigint', transformer: epochMs })
  since!: number;

  @Column({ name: 'inactive_since', type: 'bigint', nullable: true, transformer: epochMs })
  inactiveSince!: number | null;

  @Column({ name: 'observed_ts', type: 'bigint', transformer: epochMs })
  observedTs!: number;

  @Column({ name: 'alert_id', type: 'varchar', length: 64, nullable: true })
  alertId!: string | null;
}
