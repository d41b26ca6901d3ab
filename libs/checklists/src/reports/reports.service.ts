import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { canSeeBranch, type Principal } from '@lobby/access';
import { shiftDate } from '@lobby/calendar';
import { FleetFacts } from '@lobby/fleet';
import { Clock, invalid, notFound } from '@lobby/platform';
import { BranchCalendars, BranchInfo } from '../branches/branch-calendars.service';
import { BRANCH_ROW, DailyRollupEntity } from './daily-rollup.entity';
import type { DayRollup } from './day-rollup';
import { availabilityOf, checklistsOf, meanTimes, total } from './report-totals';
import { MAX_REPORT_DAYS } from './reports.query';
import type { BranchReport, DayReport, DeviceReport, ReportSummary } from './reports.types';
import { RollupSource } from './rollup-source.service';

const DEFAULT_ZONE = 'Asia/Shanghai';
const OPEN_TASK = ['open', 'assigned', 'in-progress'];
/** Today's partial day is computed from raw history at most this often per branch (a dashboard polls; many branches add up). */
const LIVE_TTL_MS = 60_000;

/**
 * The reports behind the branch head's screens: answered from the daily rollups, plus today's
 * partial day (and a finished day the job has not reached yet) computed live the same way.
 */
@Injectable()
export class ReportsService {
  private readonly live = new Map<string, { at: number; rows: DayRollup[] }>();

  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly calendars: BranchCalendars,
    private readonly source: RollupSource,
    private readonly clock: Clock,
  ) {}

  /**
   * `ids`: the branches asked for (each must be the caller's: else 404), or `null` for all the
   * caller's. Dates are branch-local; the default is the last 7 days.
   */
  async summary(ids: string[] | null, principal: Principal, range: { from?: string; to?: string }): Promise<ReportSummary> {
    const branches = await this.branches(ids, principal);
    const now = this.clock.now();
    const today = localToday(branches[0], now);
    const to = range.to ?? today;
    const from = range.from ?? shiftDate(to, -6);
    if (from > to) throw invalid('from must not be after to');
    if (daysBetween(from, to) > MAX_REPORT_DAYS) throw invalid(`at most ${MAX_REPORT_DAYS} days`);
    const rows = await this.rows(branches, from, to, now);
    return { from, to, ...(await this.assemble(branches, rows)) };
  }

  /** One branch's calendar month (`YYYY-MM`), as the summary shapes it. */
  async monthly(branchId: string, principal: Principal, month: string): Promise<ReportSummary & { month: string }> {
    const from = `${month}-01`;
    const to = shiftDate(shiftDate(from, 31).slice(0, 8) + '01', -1);
    return { month, ...(await this.summary([branchId], principal, { from, to })) };
  }

  private async branches(ids: string[] | null, principal: Principal): Promise<BranchInfo[]> {
    const all = await this.calendars.loadAll();
    const byId = new Map(all.map((b) => [b.id, b]));
    if (ids) {
      const missing = ids.find((id) => !byId.has(id) || !canSeeBranch(principal, id));
      if (missing) throw notFound(`branch ${missing}`);
      return [...new Set(ids)].map((id) => byId.get(id)!);
    }
    return all.filter((b) => canSeeBranch(principal, b.id));
  }

  /** Stored rollups in the range, with today (and a finished day not rolled up yet) computed now. */
  private async rows(branches: BranchInfo[], from: string, to: string, now: number): Promise<DayRollup[]> {
    if (branches.length === 0) return [];
    const repo = this.db.getRepository(DailyRollupEntity);
    const stored: DayRollup[] = [];
    const ids = branches.map((b) => b.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      stored.push(...(await repo.createQueryBuilder('r').where({ branchId: In(chunk) }).andWhere('r.date >= :from AND r.date <= :to', { from, to }).getMany()));
    }
    const rolled = new Set(stored.filter((r) => r.deviceId === BRANCH_ROW).map((r) => `${r.branchId}:${r.date}`));
    const live: DayRollup[] = [];
    for (const branch of branches) {
      const today = branch.calendar.localDate(now);
      for (const date of [shiftDate(today, -1), today]) {
        if (date < from || date > to || rolled.has(`${branch.id}:${date}`)) continue;
        if (date < branch.calendar.localDate(branch.createdAt)) continue;
        live.push(...(await this.liveDay(branch, date, now)));
      }
    }
    return [...stored, ...live];
  }

  private async liveDay(branch: BranchInfo, date: string, now: number): Promise<DayRollup[]> {
    const key = `${branch.id}:${date}`;
    const held = this.live.get(key);
    if (held && now >= held.at && now - held.at < LIVE_TTL_MS) return held.rows;
    const rows = await this.source.day(branch, date, now);
    for (const [k, v] of this.live) if (Math.abs(now - v.at) >= LIVE_TTL_MS) this.live.delete(k);
    this.live.set(key, { at: now, rows });
    return rows;
  }

  private async assemble(branches: BranchInfo[], rows: DayRollup[]): Promise<Omit<ReportSummary, 'from' | 'to'>> {
    const ids = branches.map((b) => b.id);
    const deviceRows = rows.filter((r) => r.deviceId !== BRANCH_ROW);
    const deviceIds = [...new Set(deviceRows.map((r) => r.deviceId))];
    const meta = await this.facts.devicesById(deviceIds);
    const tasks = await this.taskCounts(ids);
    const devices: DeviceReport[] = group(deviceRows, (r) => r.deviceId)
      .filter(([id]) => meta.has(id))
      .map(([id, own]) => {
        const t = total(own);
        const device = meta.get(id)!;
        return { deviceId: id, branchId: device.branchId, name: device.name, kind: device.kind, availability: availabilityOf(t), failures: t.failures, ...meanTimes(t) };
      })
      .sort((a, b) => a.branchId.localeCompare(b.branchId) || a.deviceId.localeCompare(b.deviceId));
    const byBranch = new Map(group(rows, (r) => r.branchId));
    const reports: BranchReport[] = branches.map((branch) => {
      const t = total(byBranch.get(branch.id) ?? []);
      return {
        branchId: branch.id,
        name: branch.name,
        availability: availabilityOf(t),
        failures: t.failures,
        ...meanTimes(t),
        openTasks: tasks.get(branch.id)?.open ?? 0,
        overdueTasks: tasks.get(branch.id)?.overdue ?? 0,
        checklists: checklistsOf(t),
        consumables: { ticketsPrinted: t.ticketsPrinted, paperRolls: t.paperRolls, ribbons: t.ribbons },
      };
    });
    reports.sort((a, b) => worstFirst(a.availability.ratio, b.availability.ratio) || a.branchId.localeCompare(b.branchId));
    const days: DayReport[] = group(deviceRows, (r) => `${r.date}\u0000${r.branchId}`)
      .map(([, own]) => {
        const t = total(own);
        return { date: own[0].date, branchId: own[0].branchId, availability: availabilityOf(t), failures: t.failures, ticketsPrinted: t.ticketsPrinted, paperRolls: t.paperRolls, ribbons: t.ribbons };
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.branchId.localeCompare(b.branchId));
    return { branches: reports, devices, days };
  }

  /** Open and overdue tasks per branch, now. */
  private async taskCounts(ids: string[]): Promise<Map<string, { open: number; overdue: number }>> {
    const counts = new Map<string, { open: number; overdue: number }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .createQueryBuilder()
        .select('t.branch_id', 'branch_id')
        .addSelect('COUNT(*)', 'open')
        .addSelect('SUM(CASE WHEN t.overdue THEN 1 ELSE 0 END)', 'overdue')
        .from('task', 't')
        .where('t.branch_id IN (:...ids)', { ids: ids.slice(i, i + 500) })
        .andWhere('t.status IN (:...open)', { open: OPEN_TASK })
        .groupBy('t.branch_id')
        .getRawMany<Record<string, unknown>>();
      for (const r of rows) counts.set(String(r.branch_id), { open: Number(r.open), overdue: Number(r.overdue ?? 0) });
    }
    return counts;
  }
}

function group<T>(rows: T[], key: (row: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const held = groups.get(k);
    if (held) held.push(row);
    else groups.set(k, [row]);
  }
  return [...groups.entries()];
}

/** Lowest ratio first; a branch without data after those with some. */
function worstFirst(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function localToday(branch: BranchInfo | undefined, now: number): string {
  return branch ? branch.calendar.localDate(now) : new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_ZONE }).format(now);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
