import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeviceKind, DeviceReading, DeviceSettings, DeviceState } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

/** Who gave a device its name or location: its agent's birth or an admin through the API. */
export type LabelSource = 'agent' | 'admin';

/** A device of the fleet and its newest live status (`live*`, written conditionally). */
@Entity('device')
@Index('idx_device_branch', ['branchId'])
@Index('idx_device_live_state', ['liveState'])
@Index('idx_device_kind', ['kind'])
export class DeviceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'branch_id', type: 'varchar', length: 64 })
  branchId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: DeviceKind;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  /** The name in English where it differs (issue 11: one field per language); null: `name` serves. */
  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  /** Who set `name`: an admin's (the API) wins over the agent's births. */
  @Column({ name: 'name_set_by', type: 'varchar', length: 8, nullable: true })
  nameSetBy!: LabelSource | null;

  /** Who set `location`, as for `name`. */
  @Column({ name: 'location_set_by', type: 'varchar', length: 8, nullable: true })
  locationSetBy!: LabelSource | null;

  @Column({ type: 'simple-json' })
  settings!: DeviceSettings;

  @Column({ type: 'boolean', default: false })
  decommissioned!: boolean;

  /** False when the device was missing from its agent's latest birth ("not reported"). */
  @Column({ type: 'boolean', default: true })
  reported!: boolean;

  @Column({ name: 'registered_by', type: 'varchar', length: 16 })
  registeredBy!: 'birth' | 'admin';

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ type: 'simple-json', nullable: true })
  live!: DeviceReading | null;

  /** `live.state`, as a column so lists can filter and page by it in SQL. */
  @Column({ name: 'live_state', type: 'varchar', length: 16, nullable: true })
  liveState!: DeviceState | null;

  @Column({ name: 'live_ts', type: 'bigint', nullable: true, transformer: epochMs })
  liveTs!: number | null;

  @Column({ name: 'live_seq', type: 'bigint', nullable: true, transformer: epochMs })
  liveSeq!: number | null;

  @Column({ name: 'last_seen_at', type: 'bigint', nullable: true, transformer: epochMs })
  lastSeenAt!: number | null;
}
