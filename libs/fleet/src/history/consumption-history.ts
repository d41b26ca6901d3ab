import { Injectable } from '@nestjs/common';
import { DataSource, In, LessThan, Between } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';

export interface StoredReading {
  ts: number;
  status: DeviceReading;
}

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

  /** The newest event of one of `types` for a device at or before `until`. */
  async lastEvent(deviceId: string, types: string[], until: number): Promise<{ ts: number; type: string; data: Record<string, unknown> } | null> {
    const row = await this.db.getRepository(FleetEventEntity).findOne({
      select: { ts: true, type: true, data: true },
      where: { deviceId, type: In(types), ts: LessThan(until + 1) },
      order: { ts: 'DESC', seq: 'DESC' },
    });
    return row ? { ts: row.ts, type: row.type, data: row.data } : null;
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
}
