import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Principal } from '@lobby/access';
import { BranchCalendars, CustomerFlowQuery, CustomerFlowQuerySchema, CustomerFlowService } from '@lobby/checklists';
import { Roles } from './auth.guard';
import { visibleBranch } from './branch-scope';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** Customer flow (客流) from the ticket printers: tickets per hour and day, before opening, busiest hours. */
@Controller('api/branches')
export class CustomerFlowController {
  constructor(
    private readonly flow: CustomerFlowService,
    private readonly calendars: BranchCalendars,
  ) {}

  @Roles('lobby-manager', 'branch-head', 'admin')
  @Get(':id/customer-flow')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query(new ZodPipe(CustomerFlowQuerySchema, 'query')) query: CustomerFlowQuery) {
    return this.flow.range(await visibleBranch(this.calendars, principal, id), query);
  }
}
