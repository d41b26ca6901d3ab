import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role, Severity } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

export type WebhookFormat = 'json' | 'wecom' | 'dingtalk';

/** A notification receiver (docs/api.md); empty filters match everything. */
@Entity('webhook')
export class WebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'varchar', length: 16 })
  format!: WebhookFormat;

  @Column({ type: 'text', nullable: true })
  secret!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  branches!: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  roles!: Role[] | null;

  @Column({ name: 'min_severity', type: 'varchar', length: 16, nullable: true })
  minSeverity!: Severity | null;

  /** The language its messages are written in (`zh-CN` or `en`). */
  @Column({ type: 'varchar', length: 8, default: 'zh-CN' })
  locale!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;
}
