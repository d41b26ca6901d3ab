import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgentHealth } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/** The edge agent (branch gateway) of one branch, as last heard. */
@Entity('agent')
export class AgentEntity {
  @PrimaryColumn({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'boolean', default: false })
  online!: boolean;

  @Column({ name: 'boot_id', type: 'varchar', length: 64, nullable: true })
  bootId!: string | null;

  @Column({ name: 'agent_version', type: 'varchar', length: 64, nullable: true })
  agentVersion!: string | null;

  @Column({ name: 'last_birth_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastBirthAt!: number | null;

  @Column({ name: 'last_death_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastDeathAt!: number | null;

  @Column({ name: 'last_seen_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastSeenAt!: number | null;

  @Column({ name: 'last_seq', type: 'bigint', nullable: true, transformer: epochMs })
  lastSeq!: number | null;

  /** Sequence numbers below `last_seq` never received (gaps not filled by a replay). */
  @Column({ name: 'missing_seq', type: 'integer', default: 0 })
  missingSeq!: number;

  @Column({ type: 'simple-json', nullable: true })
  health!: AgentHealth | null;

  @Column({ name: 'health_at', type: 'bigint', nullable: true, transformer: epochMs })
  healthAt!: number | null;
}
