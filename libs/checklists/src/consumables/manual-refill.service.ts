import { Injectable } from '@nestjs/common';
import type { ManualConsumable } from '@lobby/contracts';
import { DevicesService, DeviceTwin, FleetFacts, TwinDevice } from '@lobby/fleet';
import { Clock, invalid, JsonLogger } from '@lobby/platform';
import { ChecklistEvaluator } from '../checklists/checklist-evaluator.service';
import { ForecastService } from '../forecast/forecast.service';
import type { DeviceForecast } from '../forecast/forecast.types';
import { MANUAL_REFILLS, refillCounter, takesRefill } from './manual-refill-words';

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
    private readonly devices: DevicesService,
    private readonly fleet: FleetFacts,
    private readonly twin: DeviceTwin,
    private readonly forecasts: ForecastService,
    private readonly evaluator: ChecklistEvaluator,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async record(device: TwinDevice, consumable: ManualConsumable, by: string, note?: string): Promise<RefillRecord> {
    const spec = MANUAL_REFILLS[consumable];
    if (!takesRefill(device.kind, consumable)) throw invalid(`a ${device.kind} has no ${consumable} to record`, [`consumable: not on a ${device.kind}`]);
    const now = this.clock.now();
    const counterName = refillCounter(device.kind, consumable);
    const counter = counterName ? this.twin.get(device.id)?.live?.counters?.[counterName] : undefined;
    const data = { source: 'manual', by, ...(note ? { note } : {}), ...(counter !== undefined ? { counter } : {}) };
    await this.devices.recordManualEvent(device, MANUAL_BOOT_ID, spec.event, now, data);
    this.logger.info('consumable recorded by hand', { deviceId: device.id, branchId: device.branchId, consumable, by });
    await this.evaluator.evaluateBranch(device.branchId);
    const known = await this.fleet.device(device.id);
    const forecast = known ? await this.forecasts.forecast(known) : null;
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
}
