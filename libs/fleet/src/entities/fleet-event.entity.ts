import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** Device events and agent events (`device_id` null). Keyed by (branch, bootId, seq). */
@Entity('fleet_event')
@Index('idx_fleet_event_device_ts', ['deviceId', 'ts'])
@Index('idx_fleet_event_ts', ['ts'])
export class FleetEventEntity {
  @PrimaryColumn({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @PrimaryColumn({ name: 'boot_id', type: 'varchar', length: 64 })
  bootId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: epochMs })
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
