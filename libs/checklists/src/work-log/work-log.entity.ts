import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

export type WorkLogStatus = 'draft' | 'submitted' | 'reviewed';

/**
 * The lobby manager's own work log (大堂经理工作日志) of a branch's day: written and submitted by
 * the lobby manager, reviewed (批阅) by the branch head, which locks it. Unique per (branch, date).
 */
@Entity('work_log')
@Index('uq_work_log_branch_date', ['branchId', 'date'], { unique: true })
export class WorkLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: WorkLogStatus;

  /** 当日情况 */
  @Column({ type: 'text' })
  situation!: string;

  /** 发现问题 */
  @Column({ type: 'text' })
  problems!: string;

  /** 意见建议 */
  @Column({ type: 'text' })
  suggestions!: string;

  /** Who was on duty (names as written). */
  @Column({ name: 'on_duty', type: 'simple-json' })
  onDuty!: string[];

  @Column({ name: 'written_by', type: 'varchar', length: 64 })
  writtenBy!: string;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64, nullable: true })
  submittedBy!: string | null;

  @Column({ name: 'submitted_at', type: 'bigint', nullable: true, transformer: epochMs })
  submittedAt!: number | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'bigint', nullable: true, transformer: epochMs })
  reviewedAt!: number | null;

  @Column({ name: 'review_comment', type: 'text', nullable: true })
  reviewComment!: string | null;
}
