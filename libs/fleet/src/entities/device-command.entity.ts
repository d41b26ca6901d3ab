import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CommandAction } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

export type CommandStatus = 'pending' | 'succeeded' | 'failed' | 'expired';

@Entity('device_command')
@Index('idx_device_command_status', ['status', 'expiresAt'])
export class DeviceCommandEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'varchar', length: 32 })
  action!: CommandAction;

  @Column({ type: 'simple-json', nullable: true })
  args!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 16 })
  status!: CommandStatus;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'issued_by', type: 'varchar', length: 64 })
  issuedBy!: string;

  @Column({ name: 'issued_at', type: 'bigint', transformer: epochMs })
  issuedAt!: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt!: number;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: epochMs })
  finishedAt!: number | null;
}
