import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FleetFacts } from '@lobby/fleet';
import { Clock, isUniqueViolation } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistConfig } from '../checklist-config';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { checklistDevices } from './checklist-devices';
import type { ChecklistSlot } from '../schedule/due-times';
import { instantiateItems, ItemSeed } from '../templates/instantiate';

const CHUNK = 50;

/**
 * Creates a branch day's checklist from the templates and the branch's devices. Idempotent per
 * (branch, kind, date): the unique index decides, so a catch-up, a second instance or a retry
 * finds the one already made. A maker that crashes between items and row leaves only unreachable
 * items behind.
 */
@Injectable()
export class ChecklistGenerator {
  constructor(
    private readonly db: DataSource,
    private readonly config: ChecklistConfig,
    private readonly clock: Clock,
    private readonly facts: FleetFacts,
  ) {}

  async find(branchId: string, slot: Pick<ChecklistSlot, 'kind' | 'date'>): Promise<ChecklistEntity | null> {
    return this.db.getRepository(ChecklistEntity).findOneBy({ branchId, kind: slot.kind, date: slot.date });
  }

  async ensure(branch: BranchInfo, slot: ChecklistSlot): Promise<{ checklist: ChecklistEntity; created: boolean }> {
    const existing = await this.find(branch.id, slot);
    if (existing) return { checklist: existing, created: false };
    const devices = await checklistDevices(this.facts, branch.id);
    const checklist = Object.assign(new ChecklistEntity(), {
      id: randomUUID(),
      branchId: branch.id,
      kind: slot.kind,
      date: slot.date,
      dueAt: slot.dueAt,
      opensAt: slot.opensAt,
      closesAt: slot.closesAt,
      overdueAt: slot.overdueAt,
      generatedAt: this.clock.now(),
      signedOffBy: null,
      signedOffAt: null,
      signOffNote: null,
      overdueAlertId: null,
    });
    const items = instantiateItems(this.config.templates[slot.kind], devices).map((seed) => newItem(checklist.id, seed));
    // Items first, then the checklist row: the row is what makes a checklist visible (its insert is
    // the commit point, no transaction needed), and its unique index decides between makers.
    const itemRepo = this.db.getRepository(ChecklistItemEntity);
    for (let i = 0; i < items.length; i += CHUNK) await itemRepo.insert(items.slice(i, i + CHUNK));
    try {
      await this.db.getRepository(ChecklistEntity).insert(checklist);
    } catch (error) {
      await itemRepo.delete({ checklistId: checklist.id });
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.find(branch.id, slot);
      if (!winner) throw error;
      return { checklist: winner, created: false };
    }
    return { checklist, created: true };
  }
}

/** A stored item from its seed, not yet evaluated or ticked. */
export function newItem(checklistId: string, seed: ItemSeed): ChecklistItemEntity {
  return Object.assign(new ChecklistItemEntity(), {
    checklistId,
    itemId: seed.id,
    position: seed.position,
    mode: seed.mode,
    check: seed.check,
    deviceId: seed.deviceId,
    titleZh: seed.title.zh,
    titleEn: seed.title.en,
    params: seed.params,
    done: false,
    reasonZh: null,
    reasonEn: null,
    alertId: null,
    taskId: null,
    doneBy: null,
    doneAt: null,
    note: null,
    evaluatedAt: null,
  });
}
