import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Between } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';

export interface StoredReading {
  ts: number;
  status: DeviceReading;
}

export interface StoredEvent {
  ts: number;
  type: string;
  data: Record<string, unknown>;
}

/** Devices per statement of the many-device reads: well under every engine's limit on bound parameters. */
const DEVICES_PER_READ = 200;

/** Reads of the status history and device events that forecasts and the daily log are made from. */
@Injectable()
export class ConsumptionHistory {
  constructor(private readonly db: DataSource) {}

  /** Statuses of a device in [from, to], oldest first, with the last one before `from` in front. */
  async readings(deviceId: string, from: number, to: number): Promise<StoredReading[]> {
    const repo = this.db.getRepository(DeviceStatusEntity);
    const select = { ts: true, seq: true, status: true } as const;
    const before = await repo.findOne({ select, where: { deviceId, ts: LessThan(from) }, order: { ts: 'DESC', seq: 'DESC' } });
    const rows = await repo.find({ select, where: { deviceId, ts: Between(from, to) }, order: { ts: 'ASC', seq: 'ASC' } });
    return [...(before ? [before] : []), ...rows].map((r) => ({ ts: r.ts, status: r.status }));
  }

  /**
   * `readings` of many devices (a branch's) in two statements per 200 devices instead of two per
   * device: what a branch's forecasts, rollup and daily log read. Every asked device has an entry.
   */
  async readingsOf(deviceIds: string[], from: number, to: number): Promise<Map<string, StoredReading[]>> {
    const held = new Map<string, StoredReading[]>(deviceIds.map((id) => [id, []]));
    for (const ids of chunks([...held.keys()], DEVICES_PER_READ)) {
      for (const row of await this.lastBefore(ids, from)) held.get(row.deviceId)?.push(row.reading);
      const rows = await this.db
        .createQueryBuilder()
        .select('s.device_id', 'device_id')
        .addSelect('s.ts', 'ts')
        .addSelect('s.status', 'status')
        .from(DeviceStatusEntity, 's')
        .where('s.device_id IN (:...ids)', { ids })
        .andWhere('s.ts >= :from AND s.ts <= :to', { from, to })
        .orderBy('s.ts', 'ASC')
        .addOrderBy('s.seq', 'ASC')
        .getRawMany<Record<string, unknown>>();
      for (const row of rows) held.get(String(row.device_id))?.push(storedReading(row));
    }
    return held;
  }

  /** The newest event of one of `types` for a device at or before `until`. */
  async lastEvent(deviceId: string, types: string[], until: number): Promise<StoredEvent | null> {
    const row = await this.db.getRepository(FleetEventEntity).findOne({
      select: { ts: true, type: true, data: true },
      where: { deviceId, type: In(types), ts: LessThan(until + 1) },
      order: { ts: 'DESC', seq: 'DESC' },
    });
    return row ? { ts: row.ts, type: row.type, data: row.data } : null;
  }

  /** `lastEvent` of many devices in one statement per 200 devices; a device with no such event has none. */
  async lastEventsOf(deviceIds: string[], types: string[], until: number): Promise<Map<string, StoredEvent>> {
    const found = new Map<string, StoredEvent>();
    if (types.length === 0) return found;
    for (const ids of chunks([...new Set(deviceIds)], DEVICES_PER_READ)) {
      const pieces = ids.map(
        (_, i) =>
          `SELECT * FROM (SELECT device_id, ts, type, data FROM fleet_event WHERE device_id = :d${i} AND type IN (:...types) AND ts <= :until ORDER BY ts DESC, seq DESC LIMIT 1) e${i}`,
      );
      for (const row of await this.raw(pieces.join(' UNION ALL '), { ...byIndex(ids), types, until })) {
        found.set(String(row.device_id), { ts: Number(row.ts), type: String(row.type), data: json(row.data) as Record<string, unknown> });
      }
    }
    return found;
  }

  /** Events of the given types for devices in [from, to). */
  async events(deviceIds: string[], types: string[], from: number, to: number): Promise<{ deviceId: string; ts: number; type: string; data: Record<string, unknown> }[]> {
    if (deviceIds.length === 0) return [];
    const rows = await this.db.getRepository(FleetEventEntity).find({
      select: { deviceId: true, ts: true, type: true, data: true },
      where: { deviceId: In(deviceIds), type: In(types), ts: Between(from, to - 1) },
      order: { ts: 'ASC' },
    });
    return rows.map((r) => ({ deviceId: r.deviceId!, ts: r.ts, type: r.type, data: r.data }));
  }

  /** Each device's last status before `before`: one index seek per device, in one statement. */
  private async lastBefore(ids: string[], before: number): Promise<{ deviceId: string; reading: StoredReading }[]> {
    const pieces = ids.map(
      (_, i) => `SELECT * FROM (SELECT device_id, ts, status FROM device_status WHERE device_id = :d${i} AND ts < :before ORDER BY ts DESC, seq DESC LIMIT 1) s${i}`,
    );
    const rows = await this.raw(pieces.join(' UNION ALL '), { ...byIndex(ids), before });
    return rows.map((row) => ({ deviceId: String(row.device_id), reading: storedReading(row) }));
  }

  /** A statement with named parameters, in the engine's own placeholders. */
  private raw(sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const [query, values] = this.db.driver.escapeQueryWithParameters(sql, params, {});
    return this.db.query(query, values);
  }
}

function storedReading(row: Record<string, unknown>): StoredReading {
  return { ts: Number(row.ts), status: json(row.status) as DeviceReading };
}

/** A `simple-json` column as the driver returns it (text; PostgreSQL may hand over a parsed value). */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function byIndex(ids: string[]): Record<string, string> {
  return Object.fromEntries(ids.map((id, i) => [`d${i}`, id]));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
