import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';
import type { AutoCheck } from '../templates/checklist-templates.schema';
import type { ItemParams } from '../templates/instantiate';

/**
 * An item of a checklist, a row of its own so that a tick, a live re-evaluation and a sign-off on
 * different instances each change only what they own.
 */
@Entity('checklist_item')
export class ChecklistItemEntity {
  @PrimaryColumn({ name: 'checklist_id', type: 'varchar', length: 64 })
  checklistId!: string;

  @PrimaryColumn({ name: 'item_id', type: 'varchar', length: 120 })
  itemId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 8 })
  mode!: 'auto' | 'manual';

  @Column({ name: 'check_kind', type: 'varchar', length: 32, nullable: true })
  check!: AutoCheck | null;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ name: 'title_zh', type: 'varchar', length: 300 })
  titleZh!: string;

  @Column({ name: 'title_en', type: 'varchar', length: 300 })
  titleEn!: string;

  @Column({ type: 'simple-json' })
  params!: ItemParams & { switchTestAt?: number; restored?: boolean };

  @Column({ type: 'boolean', default: false })
  done!: boolean;

  @Column({ name: 'reason_zh', type: 'text', nullable: true })
  reasonZh!: string | null;

  @Column({ name: 'reason_en', type: 'text', nullable: true })
  reasonEn!: string | null;

  @Column({ name: 'alert_id', type: 'varchar', length: 64, nullable: true })
  alertId!: string | null;

  @Column({ name: 'task_id', type: 'varchar', length: 64, nullable: true })
  taskId!: string | null;

  /** A user for manual items; `system` for auto items. */
  @Column({ name: 'done_by', type: 'varchar', length: 64, nullable: true })
  doneBy!: string | null;

  @Column({ name: 'done_at', type: 'bigint', nullable: true, transformer: epochMs })
  doneAt!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'evaluated_at', type: 'bigint', nullable: true, transformer: epochMs })
  evaluatedAt!: number | null;
}
