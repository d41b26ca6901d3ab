import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CreateSilence, CreateSilenceSchema, SilenceListQuery, SilenceListQuerySchema } from '@lobby/contracts';
import { Principal } from '@lobby/access';
import { SilencesService } from '@lobby/alerting';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** Planned-maintenance windows: notifications muted, alerts still recorded. */
@Controller('api/silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Roles('admin', 'lobby-manager', 'maintenance')
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(CreateSilenceSchema, 'body')) body: CreateSilence) {
    return this.silences.create(
      { branchId: body.branchId, deviceId: body.deviceId, startsAt: Date.parse(body.startsAt), endsAt: Date.parse(body.endsAt), reason: body.reason },
      principal,
    );
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(SilenceListQuerySchema, 'query')) query: SilenceListQuery) {
    return this.silences.list(principal, { ...query, active: query.active === undefined ? undefined : query.active === 'true' });
  }

  @Roles('admin', 'lobby-manager', 'maintenance')
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.silences.remove(pathId(id, `silence ${id}`), principal);
  }
}
