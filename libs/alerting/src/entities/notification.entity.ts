import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role, Severity } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/**
 * The outbox: one row per notification, written in the same transaction as what caused it.
 * Its `id` is the idempotency key receivers see; `dedupe_key` makes `notify` idempotent.
 */
@Entity('notification')
@Index('uq_notification_dedupe', ['dedupeKey'], { unique: true })
@Index('idx_notification_branch_at', ['branchId', 'at'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 300 })
  dedupeKey!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Column({ type: 'simple-json' })
  roles!: Role[];

  /** zh-CN (the default locale); `title_en`/`text_en` the same in English. */
  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn!: string | null;

  @Column({ name: 'text_en', type: 'text', nullable: true })
  textEn!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  /** A silence covered it: recorded, sent to no receiver. */
  @Column({ type: 'boolean', default: false })
  muted!: boolean;

  /** Its deliveries (one per matching webhook) are written; until then a sweep finishes the fan-out. */
  @Column({ name: 'fanned_out', type: 'boolean', default: false })
  fannedOut!: boolean;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
