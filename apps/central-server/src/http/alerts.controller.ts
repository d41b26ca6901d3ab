import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AckAlert, AckAlertSchema, AlertListQuery, AlertListQuerySchema } from '@lobby/contracts';
import { Principal } from '@lobby/access';
import { AlertsService } from '@lobby/alerting';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** Alerts of the caller's branches: list, one, acknowledge (409 once cleared). */
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(AlertListQuerySchema, 'query')) query: AlertListQuery) {
    return this.alerts.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.alerts.get(pathId(id, `alert ${id}`), principal);
  }

  @Post(':id/ack')
  @HttpCode(200)
  ack(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body(new ZodPipe(AckAlertSchema, 'body')) body: AckAlert) {
    return this.alerts.ack(pathId(id, `alert ${id}`), body.note, principal);
  }
}
