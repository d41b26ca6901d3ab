import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value facts the instances share (generated JWT secret, fleet-file seeded). */
@Entity('setting')
export class SettingEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
