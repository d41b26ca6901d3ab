import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/**
 * An ingest row the database refused on its own (not because the store was down): set aside
 * here once, counted and logged, so it never holds back the rows around it.
 */
@Entity('ingest_dead_letter')
@Index('idx_ingest_dead_letter_at', ['setAsideAt'])
export class IngestDeadLetterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** `status`, `event`, `live` or `agent`. */
  @Column({ type: 'varchar', length: 16 })
  kind!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64, nullable: true })
  branchId!: string | null;

  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: epochMs })
  seq!: number | null;

  @Column({ name: 'set_aside_at', type: 'bigint', transformer: epochMs })
  setAsideAt!: number;

  @Column({ type: 'text' })
  error!: string;

  /** The row as JSON, cut to a bounded length (it may be the very thing that broke the write). */
  @Column({ type: 'text' })
  payload!: string;
}
