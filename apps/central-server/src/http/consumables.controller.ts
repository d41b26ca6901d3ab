import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ManualConsumableSchema, RecordRefill, RecordRefillSchema } from '@lobby/contracts';
import { canSeeBranch, Principal } from '@lobby/access';
import { ManualRefills } from '@lobby/checklists';
import { FleetDirectory } from '@lobby/fleet';
import { invalid, notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** 已换纸 / 已换色带 / 已清空回单格, recorded by hand on a device of the caller's branches. */
@Controller('api/devices/:id/consumables')
export class ConsumablesController {
  constructor(
    private readonly directory: FleetDirectory,
    private readonly refills: ManualRefills,
  ) {}

  @Roles('admin', 'lobby-manager', 'maintenance')
  @Post(':consumable/refilled')
  @HttpCode(201)
  async refilled(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('consumable') consumable: string,
    @Body(new ZodPipe(RecordRefillSchema, 'body')) body: RecordRefill,
  ) {
    const device = await this.directory.device(pathId(id, `device ${id}`));
    if (!device || device.decommissioned || !canSeeBranch(principal, device.branchId)) throw notFound(`device ${id}`);
    const which = ManualConsumableSchema.safeParse(consumable);
    if (!which.success) throw invalid(`unknown consumable ${consumable.slice(0, 40)}`, ['consumable: one of paper, ribbon, compartments']);
    return this.refills.record(device, which.data, principal.username, body.note);
  }
}
