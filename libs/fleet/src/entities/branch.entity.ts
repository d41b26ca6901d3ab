import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarException, OpeningHours } from '@lobby/contracts';
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

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMs })
  createdAt!: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMs })
  updatedAt!: number;
}
