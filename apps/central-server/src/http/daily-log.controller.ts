import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { canSeeBranch, Principal } from '@lobby/access';
import { BranchCalendars, CustomerFlowService, QueueService, DailyLogQuery, DailyLogQuerySchema, DailyLogService, renderDailyLogHtml } from '@lobby/checklists';
import { Clock, notFound } from '@lobby/platform';
import { Roles } from './auth.guard';
import { pathId } from './path-id';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** The equipment part of the lobby manager's daily work log: JSON, or a printable page (`Accept: text/html`). */
@Controller('api/branches')
export class DailyLogController {
  constructor(
    private readonly logs: DailyLogService,
    private readonly calendars: BranchCalendars,
    private readonly clock: Clock,
    private readonly flow: CustomerFlowService,
    private readonly queue: QueueService,
  ) {}

  @Roles('lobby-manager', 'branch-head', 'admin')
  @Get(':id/daily-log')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query(new ZodPipe(DailyLogQuerySchema, 'query')) query: DailyLogQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    pathId(id, `branch ${id}`);
    const branch = canSeeBranch(principal, id) ? await this.calendars.get(id) : null;
    if (!branch) throw notFound(`branch ${id}`);
    const date = query.date ?? branch.calendar.localDate(this.clock.now());
    const log = { ...(await this.logs.get(branch, date)), customerFlow: await this.flow.day(branch, date), queue: await this.queue.day(branch, date) };
    if (!wantsHtml(accept)) return log;
    res.type('text/html; charset=utf-8');
    return renderDailyLogHtml(log, query.lang === 'en' ? 'en' : query.lang ? 'zh-CN' : (principal.locale ?? 'zh-CN'));
  }
}

/** HTML only when asked for ahead of JSON (a browser's Accept), JSON otherwise. */
function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}
