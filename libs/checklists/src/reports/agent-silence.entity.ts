import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/**
 * A span in which a branch's agent was offline (its will, or no re-announce after a central
 * restart, until its next birth): the centre has no data for its devices then, which reports
 * count as unknown, never as down. `ended_at` is NULL while it lasts.
 */
@Entity('agent_silence')
@Index('idx_agent_silence_branch_started', ['branchId', 'startedAt'])
export class AgentSilenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'started_at', type: 'bigint', transformer: epochMs })
  startedAt!: number;

  @Column({ name: 'ended_at', type: 'bigint', nullable: true, transformer: epochMs })
  endedAt!: number | null;
}
