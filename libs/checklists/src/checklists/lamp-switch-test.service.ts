import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lampExpectedOn } from '@lobby/calendar';
import { CommandsService, FleetDevice, FleetDirectory, TwinDevice } from '@lobby/fleet';
import { Clock, JsonLogger } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import type { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';

const ISSUER = 'checklists';

/**
 * The closing check of a light box (营业后: check the light boxes work): where the template asks
 * for a switch test, a dark lamp is switched on through the light-box command so the current can
 * be seen; once it lit, it is switched off again if its schedule says it should be dark.
 */
@Injectable()
export class LampSwitchTest {
  constructor(
    private readonly db: DataSource,
    private readonly directory: FleetDirectory,
    private readonly commands: CommandsService,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /** Starts the switch test on every light-box item of a new checklist that asks for one. */
  async start(checklist: ChecklistEntity): Promise<number> {
    const items = await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: checklist.id, check: 'lamp-test' });
    let started = 0;
    for (const item of items) {
      if (!item.params.switchTest || item.params.switchTestAt || !item.deviceId) continue;
      const device = await this.directory.device(item.deviceId);
      if (!device || device.decommissioned || device.live?.link !== 'up' || device.live.lamp?.switchedOn) continue;
      if (!(await this.issue(device, 'lamp.on'))) continue;
      await this.db.getRepository(ChecklistItemEntity).update(
        { checklistId: checklist.id, itemId: item.itemId },
        { params: { ...item.params, switchTestAt: this.clock.now() } },
      );
      started++;
    }
    return started;
  }

  /** After a passed test: back to dark when the schedule says so (only a lamp this test switched on). */
  async restore(checklist: ChecklistEntity, item: ChecklistItemEntity, device: FleetDevice, branch: BranchInfo, now: number): Promise<void> {
    const fresh = await this.db.getRepository(ChecklistItemEntity).findOneBy({ checklistId: checklist.id, itemId: item.itemId });
    if (!fresh?.params.switchTestAt || fresh.params.restored) return;
    if (lampExpectedOn(now, device.settings.lightSchedule, branch.calendar, branch.location)) return;
    const twin = await this.directory.device(device.id);
    if (twin && (await this.issue(twin, 'lamp.off'))) {
      await this.db.getRepository(ChecklistItemEntity).update({ checklistId: checklist.id, itemId: item.itemId }, { params: { ...fresh.params, restored: true } });
    }
  }

  private async issue(device: TwinDevice, action: 'lamp.on' | 'lamp.off'): Promise<boolean> {
    try {
      await this.commands.issue(device, { action }, ISSUER);
      return true;
    } catch (error) {
      this.logger.warn('light-box switch test command failed', { deviceId: device.id, action, error: (error as Error).message });
      return false;
    }
  }
}
