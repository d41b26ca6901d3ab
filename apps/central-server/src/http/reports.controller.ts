import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Principal } from '@lobby/access';
import { BranchCalendars, MonthlyExtrasService, MonthlyReportQuery, MonthlyReportQuerySchema, renderMonthlyCsv, renderMonthlyHtml, ReportsService, ReportSummaryQuery, ReportSummaryQuerySchema } from '@lobby/checklists';
import { Roles } from './auth.guard';
import { CurrentPrincipal } from './principal.decorator';
import { ZodPipe } from './zod.pipe';

/** The branch head's reports, from the daily rollups: a summary over a date range, and the monthly report (JSON, CSV or a printable page). */
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly extras: MonthlyExtrasService,
    private readonly calendars: BranchCalendars,
  ) {}

  @Roles('admin', 'branch-head', 'lobby-manager')
  @Get('summary')
  summary(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(ReportSummaryQuerySchema, 'query')) query: ReportSummaryQuery) {
    return this.reports.summary(query.branch ?? null, principal, query);
  }

  @Roles('admin', 'branch-head', 'lobby-manager')
  @Get('monthly')
  async monthly(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodPipe(MonthlyReportQuerySchema, 'query')) query: MonthlyReportQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const summary = await this.reports.monthly(query.branch, principal, query.month);
    const branch = await this.calendars.get(query.branch);
    const report = { ...summary, ...(branch ? { extras: await this.extras.of(branch, summary.from, summary.to) } : {}) };
    const format = preferred(accept);
    if (format === 'json') return report;
    const lang = query.lang ?? (principal.locale === 'en' ? 'en' : 'zh');
    const file = `report-${query.month}`;
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${file}.csv`);
      return renderMonthlyCsv(report, lang);
    }
    res.type('text/html; charset=utf-8');
    return renderMonthlyHtml(report, lang);
  }
}

/** The first of CSV, HTML or JSON named in Accept; JSON when none is. */
function preferred(accept: string | undefined): 'json' | 'csv' | 'html' {
  const at = (type: string) => {
    const i = accept?.indexOf(type) ?? -1;
    return i < 0 ? Infinity : i;
  };
  const order = [['csv', at('text/csv')], ['html', at('text/html')], ['json', at('application/json')]] as const;
  const [format, position] = [...order].sort((a, b) => a[1] - b[1])[0];
  return position === Infinity ? 'json' : format;
}
