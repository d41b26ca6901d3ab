import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Severity, TaskKind, TaskStatus } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

export interface StoredHistoryEntry {
  at: number;
  by: string;
  from: TaskStatus | null;
  to: TaskStatus;
  note?: string;
}

/**
 * A maintenance task. `open_key` (device or branch, problem) is set until the task is closed or
 * cancelled: its unique index keeps one task per problem. `version` guards read-modify-write of
 * the history (a conditional update, retried on a lost race).
 */
@Entity('task')
@Index('uq_task_open_key', ['openKey'], { unique: true })
@Index('idx_task_branch_status', ['branchId', 'status'])
@Index('idx_task_device_problem', ['deviceId', 'problem'])
@Index('idx_task_created_at', ['createdAt'])
@Index('idx_task_status_resolve_due', ['status', 'resolveDueAt'])
@Index('idx_task_assignee_created_at', ['assignee', 'createdAt'])
export class TaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'open_key', type: 'varchar', length: 300, nullable: true })
  openKey!: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind!: TaskKind;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ type: 'varchar', length: 128 })
  problem!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: TaskStatus;

  @Column({ type: 'varchar', length: 16 })
  severity!: Severity;

  @Column({ type: 'varchar', length: 64, nullable: true })
  assignee!: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ name: 'opened_at', type: 'bigint', transformer: epochMs })
  openedAt!: number;

  @Column({ name: 'response_due_at', type: 'bigint', transformer: epochMs })
  responseDueAt!: number;

  @Column({ name: 'resolve_due_at', type: 'bigint', transformer: epochMs })
  resolveDueAt!: number;

  @Column({ name: 'responded_at', type: 'bigint', nullable: true, transformer: epochMs })
  respondedAt!: number | null;

  @Column({ name: 'resolved_at', type: 'bigint', nullable: true, transformer: epochMs })
  resolvedAt!: number | null;

  @Column({ name: 'closed_at', type: 'bigint', nullable: true, transformer: epochMs })
  closedAt!: number | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  /** Which deadline's escalation was sent: `response`, `resolve`, or null. */
  @Column({ name: 'escalated', type: 'varchar', length: 16, nullable: true })
  escalated!: 'response' | 'resolve' | null;

  @Column({ name: 'alert_ids', type: 'simple-json' })
  alertIds!: string[];

  @Column({ type: 'simple-json' })
  history!: StoredHistoryEntry[];

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
