import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarException, DeviceKind, OpeningHours, SelfServiceState } from '@lobby/contracts';
import { epochMs } from '@lobby/platform';

@Entity('branch')
export class BranchEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ name: 'opening_hours', type: 'simple-json' })
  openingHours!: OpeningHours;

  @Column({ type: 'simple-json' })
  exceptions!: CalendarException[];

  @Column({ type: 'simple-json', nullable: true })
  location!: { lat: number; lon: number } | null;

  /** The self-service area is open 24 hours: cash machines are expected on at night. */
  @Column({ name: 'self_service_24h', type: 'boolean', default: false })
  selfService24h!: boolean;

  /** Kinds switched off after the closing checklist is signed off (null: none). */
  @Column({ name: 'night_power_off', type: 'simple-json', nullable: true })
  nightPowerOff!: DeviceKind[] | null;

  /** The self-service state (分流) last told to the lobby manager, and since when. */
  @Column({ name: 'self_service_state', type: 'varchar', length: 32, nullable: true })
  selfServiceState!: SelfServiceState | null;

  @Column({ name: 'self_service_since', type: 'bigint', nullable: true, transformer: epochMs })
  selfServiceSince!: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
