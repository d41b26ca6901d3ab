import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** A planned-maintenance window: notifications for the device (or the whole branch) are muted. */
@Entity('silence')
@Index('idx_silence_branch_ends', ['branchId', 'endsAt'])
export class SilenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  /** Null: the whole branch. */
  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ name: 'starts_at', type: 'bigint', transformer: epochMs })
  startsAt!: number;

  @Column({ name: 'ends_at', type: 'bigint', transformer: epochMs })
  endsAt!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
