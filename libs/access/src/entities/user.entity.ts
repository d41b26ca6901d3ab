import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

@Entity('app_user')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  @Column({ type: 'simple-json' })
  branches!: string[];

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** The language the API and notifications speak to this user: `zh-CN` (default) or `en`. */
  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale!: string;

  /** Raised on a password change or a disable: tokens carrying an older version are refused. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
