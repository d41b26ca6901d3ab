import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { shiftDate } from '@lobby/calendar';
import { Clock } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { CustomerFlowService } from '../customer-flow/customer-flow.service';
import { localDayBounds } from '../schedule/due-times';
import { WorkLogService } from '../work-log/work-log.service';
import type { MonthlyExtras } from './monthly-extras.types';

const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;

/** Incidents, task deadlines, customer flow and work logs of one branch's calendar month. */
@Injectable()
export class MonthlyExtrasService {
  constructor(
    private readonly db: DataSource,
    private readonly flow: CustomerFlowService,
    private readonly workLogs: WorkLogService,
    private readonly clock: Clock,
  ) {}

  async of(branch: BranchInfo, from: string, to: string): Promise<MonthlyExtras> {
    const zone = branch.calendar.timezone;
    const start = localDayBounds(zone, from).from;
    const end = localDayBounds(zone, to).to;
    return {
      incidents: await this.incidents(branch.id, start, end),
      tasks: await this.tasks(branch.id, start, end),
      customerFlow: await this.customerFlow(branch, from, to),
      workLogs: await this.logs(branch, from, to),
    };
  }

  private async incidents(branchId: string, start: number, end: number): Promise<MonthlyExtras['incidents']> {
    const rows = await this.db
      .createQueryBuilder()
      .select(['a.severity AS severity', 'a.acked_at AS acked_at'])
      .from('alert', 'a')
      .where('a.branch_id = :branchId AND a.raised_at >= :start AND a.raised_at < :end', { branchId, start, end })
      .getRawMany<{ severity: string; acked_at: unknown }>();
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, rows.filter((r) => r.severity === s).length])) as MonthlyExtras['incidents']['bySeverity'];
    return { total: rows.length, bySeverity, acknowledged: rows.filter((r) => r.acked_at !== null && r.acked_at !== undefined).length };
  }

  private async tasks(branchId: string, start: number, end: number): Promise<MonthlyExtras['tasks']> {
    const rows = await this.db
      .createQueryBuilder()
      .select(['t.response_due_at AS response_due_at', 't.resolve_due_at AS resolve_due_at', 't.responded_at AS responded_at', 't.resolved_at AS resolved_at'])
      .from('task', 't')
      .where('t.branch_id = :branchId AND t.created_at >= :start AND t.created_at < :end', { branchId, start, end })
      .getRawMany<Record<string, unknown>>();
    const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const kept = (done: unknown, due: unknown) => n(done) !== null && n(done)! <= n(due)!;
    const responseKept = rows.filter((r) => kept(r.responded_at, r.response_due_at)).length;
    const resolveKept = rows.filter((r) => kept(r.resolved_at, r.resolve_due_at)).length;
    const rate = (x: number) => (rows.length ? x / rows.length : null);
    return { opened: rows.length, resolved: rows.filter((r) => n(r.resolved_at) !== null).length, responseKept, resolveKept, responseRate: rate(responseKept), resolveRate: rate(resolveKept) };
  }

  private async customerFlow(branch: BranchInfo, from: string, to: string): Promise<MonthlyExtras['customerFlow']> {
    const flow = await this.flow.range(branch, { from, to });
    const withTickets = flow.days.filter((d) => d.total > 0);
    const busiest = [...withTickets].sort((a, b) => b.total - a.total || a.date.localeCompare(b.date))[0];
    return {
      total: flow.total,
      beforeOpening: flow.beforeOpening,
      daysWithTickets: withTickets.length,
      perDay: withTickets.length ? Math.round(flow.total / withTickets.length) : null,
      busiestDay: busiest ? { date: busiest.date, total: busiest.total } : null,
    };
  }

  /** Opening days from the branch's first day (or the month's) to today (or the month's end). */
  private async logs(branch: BranchInfo, from: string, to: string): Promise<MonthlyExtras['workLogs']> {
    const first = [from, branch.calendar.localDate(branch.createdAt)].sort()[1];
    const last = [to, branch.calendar.localDate(this.clock.now())].sort()[0];
    let openDays = 0;
    for (let d = first; d <= last; d = shiftDate(d, 1)) if (branch.calendar.openingOn(d)) openDays += 1;
    const statuses = [...(await this.workLogs.statuses(branch.id, from, to)).values()];
    return { openDays, written: statuses.length, submitted: statuses.filter((s) => s !== 'draft').length, reviewed: statuses.filter((s) => s === 'reviewed').length };
  }
}
