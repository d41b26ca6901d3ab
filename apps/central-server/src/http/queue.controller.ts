import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Principal } from '@lobby/access';
import { BranchCalendars, QueueQuery, QueueQuerySchema, QueueService } from '@lobby/checklists';
import { Clock } from '@lobby/platform';
import { Roles } from './auth.guard';
import { visibleBranch } from './branch-scope';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** Customers waiting (排队) where the branch's queue system reports them; waits over 15 minutes flagged. */
@Controller('api/branches')
export class QueueController {
  constructor(
    private readonly queue: QueueService,
    private readonly calendars: BranchCalendars,
    private readonly clock: Clock,
  ) {}

  @Roles('lobby-manager', 'branch-head', 'admin')
  @Get(':id/queue')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query(new ZodPipe(QueueQuerySchema, 'query')) query: QueueQuery) {
    const branch = await visibleBranch(this.calendars, principal, id);
    return this.queue.day(branch, query.date ?? branch.calendar.localDate(this.clock.now()));
  }
}
