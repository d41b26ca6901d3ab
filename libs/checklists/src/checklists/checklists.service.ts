import { DEFAULT_LOCALE, joinLocalized, t } from '@lobby/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, In, IsNull } from 'typeorm';
import { canSeeBranch, listBranches, type Principal, visibleBranches } from '@lobby/access';
import { Clock, conflict, DomainEventBus, notFound } from '@lobby/platform';
import { BranchCalendars } from '../branches/branch-calendars.service';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import type { ChecklistListQuery, SignOff, TickItem } from './checklists.api';
import { ChecklistEvaluator } from './checklist-evaluator.service';
import { ChecklistOverdue } from './checklist-overdue.service';
import { ChecklistPublisher } from './checklist-publisher';
import { ChecklistView, toChecklistView } from './checklist-view';

/** Checklists for the HTTP API: lists scoped to the caller's branches, ticks and sign-off with who and when. */
@Injectable()
export class ChecklistsService {
  constructor(
    private readonly db: DataSource,
    private readonly calendars: BranchCalendars,
    private readonly evaluator: ChecklistEvaluator,
    private readonly overdue: ChecklistOverdue,
    private readonly publisher: ChecklistPublisher,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
  ) {}

  private get repo() {
    return this.db.getRepository(ChecklistEntity);
  }

  /** The checklists of the caller's branches, in the caller's language. */
  async list(principal: Principal, query: ChecklistListQuery): Promise<{ items: ChecklistView[]; total: number }> {
    const locale = principal.locale ?? DEFAULT_LOCALE;
    const where: FindOptionsWhere<ChecklistEntity> = {};
    const branches = listBranches(visibleBranches(principal), query.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) where.branchId = In(branches);
    if (query.date) where.date = query.date;
    if (query.kind) where.kind = query.kind;
    const [rows, total] = await this.repo.findAndCount({ where, order: { date: 'DESC', branchId: 'ASC', dueAt: 'ASC' }, take: query.limit, skip: query.offset });
    const items = rows.length ? await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: In(rows.map((r) => r.id)) }) : [];
    const now = this.clock.now();
    return { items: rows.map((row) => toChecklistView(row, items.filter((i) => i.checklistId === row.id), now, locale)), total };
  }

  async get(id: string, principal: Principal): Promise<ChecklistView> {
    return this.publisher.viewOf(await this.visible(id, principal), principal.locale ?? DEFAULT_LOCALE);
  }

  /** A lobby manager ticks a manual item; an auto item is the system's (409), a signed-off checklist is frozen (409). */
  async tick(id: string, itemId: string, input: TickItem, principal: Principal): Promise<ChecklistView> {
    const by = principal.username;
    const checklist = await this.visible(id, principal);
    const item = await this.db.getRepository(ChecklistItemEntity).findOneBy({ checklistId: id, itemId });
    if (!item) throw notFound(`checklist item ${itemId}`);
    if (item.mode === 'auto') throw conflict(`item ${itemId} is checked automatically from device state; it cannot be ticked`);
    if (checklist.signedOffAt !== null) throw conflict(`checklist ${id} is already signed off`);
    const now = this.clock.now();
    const change = input.done ? { done: true, doneBy: by, doneAt: now, note: input.note ?? null } : { done: false, doneBy: null, doneAt: null, note: input.note ?? null };
    const result = await this.db
      .createQueryBuilder()
      .update(ChecklistItemEntity)
      .set(change)
      .where('checklist_id = :id AND item_id = :itemId', { id, itemId })
      .andWhere('checklist_id IN (SELECT c.id FROM checklist c WHERE c.id = :id AND c.signed_off_at IS NULL)')
      .execute();
    if (!result.affected) throw conflict(`checklist ${id} is already signed off`);
    await this.publisher.publish(id);
    return this.get(id, principal);
  }

  /**
   * Signs the checklist off: auto items are evaluated a last time and frozen, every manual item
   * must be ticked first (409 naming the rest). Who and when are recorded; an overdue alert clears.
   */
  async signOff(id: string, input: SignOff, principal: Principal): Promise<ChecklistView> {
    const by = principal.username;
    const locale = principal.locale ?? DEFAULT_LOCALE;
    const checklist = await this.visible(id, principal);
    if (checklist.signedOffAt !== null) throw conflict(`checklist ${id} is already signed off`);
    const branch = await this.calendars.get(checklist.branchId);
    if (branch) await this.evaluator.evaluate(checklist, branch);
    const open = await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: id, mode: 'manual', done: false });
    if (open.length) {
      const items = joinLocalized(open.map((i) => ({ zh: i.titleZh, en: i.titleEn })));
      throw conflict(t(locale, 'checklist.manualNotTicked', { items }));
    }
    const now = this.clock.now();
    const result = await this.repo.update({ id, signedOffAt: IsNull() }, { signedOffAt: now, signedOffBy: by, signOffNote: input.note ?? null });
    if (!result.affected) throw conflict(`checklist ${id} is already signed off`);
    const signed = { ...checklist, signedOffAt: now, signedOffBy: by, signOffNote: input.note ?? null };
    await this.overdue.clear(signed);
    this.events.emit('checklist.signed-off', { checklistId: signed.id, branchId: signed.branchId, kind: signed.kind, date: signed.date });
    await this.publisher.publish(id);
    return this.get(id, principal);
  }

  private async visible(id: string, principal: Principal): Promise<ChecklistEntity> {
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeBranch(principal, row.branchId)) throw notFound(`checklist ${id}`);
    return row;
  }
}
