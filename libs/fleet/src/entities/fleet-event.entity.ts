import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** Device events and agent events (`device_id` null). Unique per (branch, bootId, seq). */
@Entity('fleet_event')
@Index('uq_fleet_event_seq', ['branchId', 'bootId', 'seq'], { unique: true })
@Index('idx_fleet_event_device_ts', ['deviceId', 'ts'])
export class FleetEventEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ name: 'boot_id', type: 'varchar', length: 64 })
  bootId!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  seq!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  ts!: number;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMs })
  receivedAt!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'simple-json' })
  data!: Record<string, unknown>;

  @Column({ type: 'boolean', default: false })
  historical!: boolean;
}
