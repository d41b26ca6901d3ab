import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMs } from '@lobby/platform';

/** The `device_id` of a branch's own row (its checklists) among its devices' rows. */
export const BRANCH_ROW = '';

/**
 * One finished branch-local day, per device (availability within expected hours, failures,
 * acknowledge and repair times, consumables) and per branch (`device_id` = '': checklists). The
 * reports are answered from these rows, never from raw history. Written once per (branch, date).
 */
@Entity('daily_rollup')
@Index('idx_daily_rollup_date', ['date'])
export class DailyRollupEntity {
  @PrimaryColumn({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  /** Branch-local date `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  date!: string;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId!: string;

  @Column({ name: 'expected_ms', type: 'bigint', transformer: epochMs })
  expectedMs!: number;

  @Column({ name: 'available_ms', type: 'bigint', transformer: epochMs })
  availableMs!: number;

  @Column({ name: 'unavailable_ms', type: 'bigint', transformer: epochMs })
  unavailableMs!: number;

  @Column({ name: 'unknown_ms', type: 'bigint', transformer: epochMs })
  unknownMs!: number;

  /** Fault alerts raised this day. */
  @Column({ type: 'integer' })
  failures!: number;

  /** Fault alerts acknowledged this day, and the sum of their raise → acknowledge times. */
  @Column({ name: 'acks', type: 'integer' })
  acks!: number;

  @Column({ name: 'ack_ms', type: 'bigint', transformer: epochMs })
  ackMs!: number;

  /** Fault alerts cleared (repaired) this day, and the sum of their raise → clear times. */
  @Column({ name: 'repairs', type: 'integer' })
  repairs!: number;

  @Column({ name: 'repair_ms', type: 'bigint', transformer: epochMs })
  repairMs!: number;

  @Column({ name: 'tickets_printed', type: 'integer' })
  ticketsPrinted!: number;

  @Column({ name: 'paper_rolls', type: 'integer' })
  paperRolls!: number;

  @Column({ type: 'integer' })
  ribbons!: number;

  @Column({ name: 'checklists_due', type: 'integer' })
  checklistsDue!: number;

  @Column({ name: 'checklists_on_time', type: 'integer' })
  checklistsOnTime!: number;

  @Column({ name: 'checklists_late', type: 'integer' })
  checklistsLate!: number;

  @Column({ name: 'checklists_missed', type: 'integer' })
  checklistsMissed!: number;

  @Column({ name: 'computed_at', type: 'bigint', transformer: epochMs })
  computedAt!: number;
}
