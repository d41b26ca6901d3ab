import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/** Status history. Unique per (branch, bootId, seq): the database drops duplicates. */
@Entity('device_status')
@Index('uq_device_status_seq', ['branchId', 'bootId', 'seq'], { unique: true })
@Index('idx_device_status_device_ts', ['deviceId', 'ts'])
export class DeviceStatusEntity {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'boot_id', type: 'varchar', length: 64 })
  bootId!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  seq!: number;

  @Column({ type: 'bigint', transformer: epochMs })
  ts!: number;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMs })
  receivedAt!: number;

  @Column({ type: 'boolean', default: false })
  historical!: boolean;

  @Column({ type: 'simple-json' })
  status!: DeviceReading;
}
