import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { Principal } from '@lobby/access';
import { BranchCalendars, ReviewWorkLog, ReviewWorkLogSchema, SubmitWorkLogSchema, WorkLogDateSchema, WorkLogService, WriteWorkLog, WriteWorkLogSchema } from '@lobby/checklists';
import { invalid } from '@lobby/platform';
import { Roles } from './auth.guard';
import { visibleBranch } from './branch-scope';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/**
 * The lobby manager's work log (大堂经理工作日志): the lobby manager writes and submits it, the
 * branch head reviews it (批阅) and so locks it; everyone else with the branch reads it.
 */
@Controller('api/branches/:id/work-log/:date')
export class WorkLogController {
  constructor(
    private readonly logs: WorkLogService,
    private readonly calendars: BranchCalendars,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('date') date: string) {
    const branch = await visibleBranch(this.calendars, principal, id);
    return this.logs.get(branch, day(date));
  }

  @Roles('lobby-manager', 'admin')
  @Put()
  async write(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('date') date: string, @Body(new ZodPipe(WriteWorkLogSchema, 'body')) body: WriteWorkLog) {
    const branch = await visibleBranch(this.calendars, principal, id);
    return this.logs.write(branch, day(date), principal.username, body);
  }

  @Roles('lobby-manager', 'admin')
  @Post('submit')
  @HttpCode(200)
  async submit(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('date') date: string, @Body(new ZodPipe(SubmitWorkLogSchema, 'body')) _body: unknown) {
    const branch = await visibleBranch(this.calendars, principal, id);
    return this.logs.submit(branch, day(date), principal.username);
  }

  @Roles('branch-head', 'admin')
  @Post('review')
  @HttpCode(200)
  async review(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('date') date: string, @Body(new ZodPipe(ReviewWorkLogSchema, 'body')) body: ReviewWorkLog) {
    const branch = await visibleBranch(this.calendars, principal, id);
    return this.logs.review(branch, day(date), principal.username, body);
  }
}

function day(date: string): string {
  if (!WorkLogDateSchema.safeParse(date).success) throw invalid('date must be a calendar date YYYY-MM-DD');
  return date;
}
