import { DataSource, FindOptionsSelect, MoreThan } from 'typeorm';
import { DeviceEntity } from '../entities/device.entity';

/**
 * Rows per page when the whole fleet is read (at start-up, and the facts' reconciling read). One
 * read of 100,000 devices held them all at once: as TypeORM entities with their parsed JSON, and
 * before that as the driver's native rows. That peak, not what is kept, set the server's resident
 * memory (V8 keeps the heap it grew to, the allocator its arenas).
 */
export const DEVICE_PAGE_SIZE = 5_000;

/**
 * Every device, `pageSize` at a time in id order (keyset: each page starts after the last id of the
 * one before, so a page costs the same wherever it is): `onPage` sees each page before the next
 * is read, and may drop it. `select` reads only these columns.
 */
export async function forEachDevicePage(db: DataSource, onPage: (rows: DeviceEntity[]) => void, options: { select?: FindOptionsSelect<DeviceEntity>; pageSize?: number } = {}): Promise<void> {
  const take = options.pageSize ?? DEVICE_PAGE_SIZE;
  let after: string | undefined;
  for (;;) {
    const rows = await db.getRepository(DeviceEntity).find({ select: options.select, where: after === undefined ? {} : { id: MoreThan(after) }, order: { id: 'ASC' }, take });
    onPage(rows);
    if (rows.length < take) return;
    after = rows[rows.length - 1].id;
  }
}
