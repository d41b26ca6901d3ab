import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** One change made through the API: who, what, to which object. Never holds a secret. */
@Entity('audit_log')
@Index('idx_audit_log_at', ['at'])
@Index('idx_audit_log_actor_at', ['actor', 'at'])
@Index('idx_audit_log_action_at', ['action', 'at'])
export class AuditLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'bigint', transformer: epochMs })
  at!: number;

  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ name: 'target_id', type: 'varchar', length: 200, nullable: true })
  targetId!: string | null;

  @Column({ name: 'branch_id', type: 'varchar', length: 64, nullable: true })
  branchId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  details!: Record<string, unknown> | null;
}
