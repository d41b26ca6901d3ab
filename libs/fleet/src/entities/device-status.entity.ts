import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/** Status history. Keyed by (branch, bootId, seq): the database drops duplicates. */
@Entity('device_status')
@Index('idx_device_status_device_ts', ['deviceId', 'ts'])
@Index('idx_device_status_ts', ['ts'])
export class DeviceStatusEntity {
  @Column({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  @PrimaryColumn({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @PrimaryColumn({ name: 'boot_id', type: 'varchar', length: 64 })
  bootId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: epochMs })
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
