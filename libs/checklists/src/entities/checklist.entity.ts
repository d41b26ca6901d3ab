import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';
import type { ChecklistKind } from '../templates/checklist-templates.schema';

/** One opening or closing checklist of a branch day. Unique per (branch, kind, date): generating twice is harmless. */
@Entity('checklist')
@Index('uq_checklist_branch_kind_date', ['branchId', 'kind', 'date'], { unique: true })
@Index('idx_checklist_date', ['date'])
export class ChecklistEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ChecklistKind;

  /** Branch-local date `YYYY-MM-DD`. */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ name: 'due_at', type: 'bigint', transformer: epochMs })
  dueAt!: number;

  @Column({ name: 'opens_at', type: 'bigint', transformer: epochMs })
  opensAt!: number;

  @Column({ name: 'closes_at', type: 'bigint', transformer: epochMs })
  closesAt!: number;

  @Column({ name: 'overdue_at', type: 'bigint', transformer: epochMs })
  overdueAt!: number;

  @Column({ name: 'generated_at', type: 'bigint', transformer: epochMs })
  generatedAt!: number;

  @Column({ name: 'signed_off_by', type: 'varchar', length: 64, nullable: true })
  signedOffBy!: string | null;

  @Column({ name: 'signed_off_at', type: 'bigint', nullable: true, transformer: epochMs })
  signedOffAt!: number | null;

  @Column({ name: 'sign_off_note', type: 'text', nullable: true })
  signOffNote!: string | null;

  /** The `checklist-overdue` alert raised for it, once raised. */
  @Column({ name: 'overdue_alert_id', type: 'varchar', length: 64, nullable: true })
  overdueAlertId!: string | null;
}
