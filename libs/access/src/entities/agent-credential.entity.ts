import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** One MQTT credential per branch agent; the secret is stored hashed. */
@Entity('agent_credential')
@Index('uq_agent_credential_branch', ['branchId'], { unique: true })
export class AgentCredentialEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ name: 'secret_hash', type: 'varchar', length: 200 })
  secretHash!: string;

  /** The same secret in Mosquitto's `$7$` format, for `npm run mosquitto:sync` (external broker). */
  @Column({ name: 'mosquitto_hash', type: 'varchar', length: 200, nullable: true })
  mosquittoHash!: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
