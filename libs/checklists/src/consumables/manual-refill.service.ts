import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ManualConsumable } from '@lobby/contracts';
import { DeviceEntity, DeviceTwin, FleetEventEntity, TwinDevice } from '@lobby/fleet';
import { Clock, invalid, isUniqueViolation, JsonLogger } from '@lobby/platform';
import { ChecklistEvaluator } from '../checklists/checklist-evaluator.service';
import { ForecastService } from '../forecast/forecast.service';
import type { DeviceForecast } from '../forecast/forecast.types';
import { MANUAL_REFILLS, REFILL_COUNTERS } from './manual-refill-words';

/** Manual records are device events of their own "boot": never confused with an agent's seq. */
export const MANUAL_BOOT_ID = 'manual';

export interface RefillRecord {
  deviceId: string;
  branchId: string;
  consumable: ManualConsumable;
  event: string;
  title: string;
  recordedAt: string;
  by: string;
  note?: string;
  forecast: DeviceForecast | null;
}

/**
 * A lobby manager's 已换纸 / 已换色带 / 已清空回单格: stored as the device event the device would
 * have sent (`paper.replaced`, …, `data.source: "manual"`), so the forecast starts from a full
 * roll (from the counter as it was then) and the device's history shows it; the branch's open
 * checklists are re-checked at once.
 */
@Injectable()
export class ManualRefills {
  constructor(
    private readonly db: DataSource,
    private readonly twin: DeviceTwin,
    private readonly forecasts: ForecastService,
    private readonly evaluator: ChecklistEvaluator,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async record(device: TwinDevice, consumable: ManualConsumable, by: string, note?: string): Promise<RefillRecord> {
    const spec = MANUAL_REFILLS[consumable];
    if (!spec.kinds.includes(device.kind)) throw invalid(`a ${device.kind} has no ${consumable} to record`, [`consumable: not on a ${device.kind}`]);
    const now = this.clock.now();
    const counterName = REFILL_COUNTERS[device.kind]?.[consumable];
    const counter = counterName ? this.twin.get(device.id)?.live?.counters?.[counterName] : undefined;
    const data = { source: 'manual', by, ...(note ? { note } : {}), ...(counter !== undefined ? { counter } : {}) };
    await this.insert(device, spec.event, now, data);
    this.logger.info('consumable recorded by hand', { deviceId: device.id, branchId: device.branchId, consumable, by });
    await this.evaluator.evaluateBranch(device.branchId);
    const row = await this.db.getRepository(DeviceEntity).findOneBy({ id: device.id });
    const forecast = row ? await this.forecasts.forecast({ ...row, settings: row.settings ?? {} }) : null;
    return {
      deviceId: device.id,
      branchId: device.branchId,
      consumable,
      event: spec.event,
      title: spec.zh,
      recordedAt: new Date(now).toISOString(),
      by,
      ...(note ? { note } : {}),
      forecast,
    };
  }

  /** Two records in the same millisecond take the next seq. */
  private async insert(device: TwinDevice, type: string, now: number, data: Record<string, unknown>): Promise<void> {
    for (let seq = now; ; seq++) {
      try {
        const row = Object.assign(new FleetEventEntity(), { branchId: device.branchId, deviceId: device.id, bootId: MANUAL_BOOT_ID, seq, ts: now, receivedAt: now, type, data, historical: false });
        // `data` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
        await this.db.getRepository(FleetEventEntity).insert(row as unknown as QueryDeepPartialEntity<FleetEventEntity>);
        return;
      } catch (error) {
        if (!isUniqueViolation(error) || seq - now > 100) throw error;
      }
    }
  }
}
