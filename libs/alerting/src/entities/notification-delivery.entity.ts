import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** One notification to one webhook: retried with backoff until sent or out of attempts. */
@Entity('notification_delivery')
@Index('idx_delivery_due', ['status', 'nextAttemptAt'])
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 64 })
  notificationId!: string;

  @PrimaryColumn({ name: 'webhook_id', type: 'varchar', length: 64 })
  webhookId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMs })
  nextAttemptAt!: number;

  /** A sender's claim on the row until then (several instances, one sender per row). */
  @Column({ name: 'claimed_until', type: 'bigint', nullable: true, transformer: epochMs })
  claimedUntil!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', type: 'bigint', nullable: true, transformer: epochMs })
  sentAt!: number | null;
}
