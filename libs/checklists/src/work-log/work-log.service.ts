import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, conflict, invalid, isUniqueViolation } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { localDayBounds } from '../schedule/due-times';
import type { ReviewWorkLog, WriteWorkLog } from './work-log.api';
import { WorkLogEntity, WorkLogStatus } from './work-log.entity';
import { WorkLogIncidents } from './work-log-incidents';
import type { WorkLogView } from './work-log.types';

const EDITABLE: WorkLogStatus[] = ['draft', 'submitted'];

/**
 * The lobby manager's work log (大堂经理工作日志): written (and corrected) until the branch head
 * reviews it (批阅); the review locks it. Every change is a conditional update, so a write that
 * races a review loses cleanly (409) instead of changing a reviewed log.
 */
@Injectable()
export class WorkLogService {
  constructor(
    private readonly db: DataSource,
    private readonly incidents: WorkLogIncidents,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(WorkLogEntity);
  }

  async get(branch: BranchInfo, date: string): Promise<WorkLogView> {
    const row = await this.repo.findOneBy({ branchId: branch.id, date });
    const day = localDayBounds(branch.calendar.timezone, date);
    return view(branch.id, date, row, await this.incidents.of(branch.id, day.from, Math.min(day.to, this.clock.now())));
  }

  async write(branch: BranchInfo, date: string, by: string, input: WriteWorkLog): Promise<WorkLogView> {
    if (date > branch.calendar.localDate(this.clock.now())) throw invalid('a work log cannot be written for a future day');
    const fields = { situation: input.situation, problems: input.problems, suggestions: input.suggestions, onDuty: input.onDuty, writtenBy: by, updatedAt: this.clock.now() };
    const existing = await this.repo.findOneBy({ branchId: branch.id, date });
    if (!existing) {
      try {
        await this.repo.insert({ id: randomUUID(), branchId: branch.id, date, status: 'draft', ...fields, submittedBy: null, submittedAt: null, reviewedBy: null, reviewedAt: null, reviewComment: null });
        return this.get(branch, date);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    const result = await this.repo.update({ branchId: branch.id, date, status: In(EDITABLE) }, fields);
    if (!result.affected) throw conflict(`the work log of ${date} is reviewed and locked`);
    return this.get(branch, date);
  }

  async submit(branch: BranchInfo, date: string, by: string): Promise<WorkLogView> {
    const row = await this.repo.findOneBy({ branchId: branch.id, date });
    if (!row) throw conflict(`nothing written for ${date} yet`);
    if (row.status !== 'draft') throw conflict(`the work log of ${date} is already ${row.status}`);
    if (!row.situation.trim()) throw invalid('the situation of the day (当日情况) must be written before submitting');
    const result = await this.repo.update({ id: row.id, status: 'draft' }, { status: 'submitted', submittedBy: by, submittedAt: this.clock.now() });
    if (!result.affected) throw conflict(`the work log of ${date} changed meanwhile`);
    return this.get(branch, date);
  }

  async review(branch: BranchInfo, date: string, by: string, input: ReviewWorkLog): Promise<WorkLogView> {
    const row = await this.repo.findOneBy({ branchId: branch.id, date });
    if (!row || row.status === 'draft') throw conflict(`the work log of ${date} is not submitted yet`);
    if (row.status === 'reviewed') throw conflict(`the work log of ${date} is already reviewed`);
    const result = await this.repo.update({ id: row.id, status: 'submitted' }, { status: 'reviewed', reviewedBy: by, reviewedAt: this.clock.now(), reviewComment: input.comment });
    if (!result.affected) throw conflict(`the work log of ${date} changed meanwhile`);
    return this.get(branch, date);
  }

  /** Per local date in [from, to] of a branch: the log's status (for the monthly report). */
  async statuses(branchId: string, from: string, to: string): Promise<Map<string, WorkLogStatus>> {
    const rows = await this.repo.createQueryBuilder('w').select(['w.date', 'w.status']).where('w.branch_id = :branchId', { branchId }).andWhere('w.date >= :from AND w.date <= :to', { from, to }).getMany();
    return new Map(rows.map((r) => [r.date, r.status]));
  }
}

function view(branchId: string, date: string, row: WorkLogEntity | null, incidents: WorkLogView['incidents']): WorkLogView {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    branchId,
    date,
    status: row?.status ?? 'empty',
    locked: row?.status === 'reviewed',
    situation: row?.situation ?? '',
    problems: row?.problems ?? '',
    suggestions: row?.suggestions ?? '',
    onDuty: row?.onDuty ?? [],
    writtenBy: row?.writtenBy ?? null,
    updatedAt: iso(row?.updatedAt ?? null),
    submittedBy: row?.submittedBy ?? null,
    submittedAt: iso(row?.submittedAt ?? null),
    reviewedBy: row?.reviewedBy ?? null,
    reviewedAt: iso(row?.reviewedAt ?? null),
    reviewComment: row?.reviewComment ?? null,
    incidents,
  };
}
