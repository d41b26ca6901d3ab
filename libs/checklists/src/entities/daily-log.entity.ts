import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';
import type { DailyLog } from '../daily-log/daily-log.types';

/** The equipment part of a branch's daily work log, kept for history. Unique per (branch, date). */
@Entity('daily_log')
@Index('uq_daily_log_branch_date', ['branchId', 'date'], { unique: true })
export class DailyLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ name: 'generated_at', type: 'bigint', transformer: epochMs })
  generatedAt!: number;

  @Column({ type: 'simple-json' })
  content!: DailyLog;
}
