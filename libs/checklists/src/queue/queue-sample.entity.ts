import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** One report of a branch's queue system: customers waiting and the longest wait. Unique per (branch, ts). */
@Entity('queue_sample')
export class QueueSampleEntity {
  @PrimaryColumn({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: epochMs })
  ts!: number;

  @Column({ type: 'integer' })
  waiting!: number;

  @Column({ name: 'longest_wait_s', type: 'integer' })
  longestWaitS!: number;

  @Column({ name: 'mean_wait_s', type: 'integer', nullable: true })
  meanWaitS!: number | null;

  @Column({ name: 'received_at', type: 'bigint', transformer: epochMs })
  receivedAt!: number;
}
