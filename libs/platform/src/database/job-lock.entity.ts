import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from './column-types';

/** A lease on a named job: with several instances only the holder runs it. */
@Entity('job_lock')
export class JobLockEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 100 })
  holder!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMs })
  expiresAt!: number;
}
