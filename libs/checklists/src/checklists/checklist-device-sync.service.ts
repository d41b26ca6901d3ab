import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { FleetFacts } from '@lobby/fleet';
import { Clock, DomainEventBus, isUniqueViolation, JsonLogger, KeyedSerialQueue } from '@lobby/platform';
import { BranchCalendars } from '../branches/branch-calendars.service';
import { ChecklistConfig } from '../checklist-config';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { instantiateItems, ItemSeed } from '../templates/instantiate';
import { checklistDevices } from './checklist-devices';
import { ChecklistEvaluator } from './checklist-evaluator.service';
import { ChecklistPublisher } from './checklist-publisher';
import { newItem } from './checklist-generator.service';
import { LampSwitchTest } from './lamp-switch-test.service';

/**
 * Keeps the device items of checklists that are not yet due in step with the branch's devices:
 * a device that becomes known (birth, registration) gains its items, one that leaves (missing
 * from a later birth, decommissioned) loses them, a renamed one gets new titles. So a checklist
 * generated before the agent's birth ends up exactly like one generated after it, and its new
 * auto items are evaluated from live state at once. A checklist past its due time keeps what it
 * had (that is what was checked) and only gains the items of devices first known after it was
 * generated: a checklist caught up at a start during opening hours, before the agents' births,
 * must not stay without its device items all day. A signed-off checklist never changes.
 */
@Injectable()
export class ChecklistDeviceSync implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly perBranch = new KeyedSerialQueue();

  constructor(
    private readonly db: DataSource,
    private readonly config: ChecklistConfig,
    private readonly calendars: BranchCalendars,
    private readonly events: DomainEventBus,
    private readonly facts: FleetFacts,
    private readonly evaluator: ChecklistEvaluator,
    private readonly lampTest: LampSwitchTest,
    private readonly publisher: ChecklistPublisher,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.events.on('devices.reported', ({ branchId }) => void this.syncBranch(branchId)),
      this.events.on('device.updated', ({ deviceId }) => {
        void this.facts
          .device(deviceId)
          .then((device) => (device ? this.syncBranch(device.branchId) : undefined))
          .catch((error: Error) => this.logger.warn('checklist device sync failed', { deviceId, error: error.message }));
      }),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((off) => off());
  }

  /** Brings the branch's not-yet-due checklists in step with its devices; one run per branch at a time. */
  syncBranch(branchId: string): Promise<void> {
    return this.perBranch
      .run(branchId, () => this.sync(branchId))
      .catch((error: Error) => this.logger.warn('checklist device sync failed', { branchId, error: error.message }));
  }

  private async sync(branchId: string): Promise<void> {
    const branch = await this.calendars.get(branchId);
    if (!branch) return;
    const now = this.clock.now();
    const open = await this.evaluator.openChecklists(branch);
    if (open.length === 0) return;
    const devices = await checklistDevices(this.facts, branchId);
    const changed: ChecklistEntity[] = [];
    for (const checklist of open) {
      const due = now >= checklist.overdueAt;
      const all = instantiateItems(this.config.templates[checklist.kind], devices);
      const seeds = due ? all.filter((seed) => seed.deviceId !== null && (devices.find((d) => d.id === seed.deviceId)?.createdAt ?? 0) > checklist.generatedAt) : all;
      if (seeds.length === 0) continue;
      if (await this.reconcile(checklist, seeds, due)) {
        changed.push(checklist);
        this.logger.info('checklist devices updated', { branchId, checklistId: checklist.id, kind: checklist.kind, date: checklist.date });
        if (checklist.kind === 'closing') await this.lampTest.start(checklist);
      }
    }
    if (changed.length === 0) return;
    // New auto items are evaluated from live state at once (linking the alert behind a failure).
    await this.evaluator.evaluateBranch(branchId);
    for (const checklist of changed) await this.publisher.publish(checklist.id);
  }

  /** Adds, removes, retitles and reorders device items to match `seeds` (only adds when `addOnly`); `true` when anything changed. */
  private async reconcile(checklist: ChecklistEntity, seeds: ItemSeed[], addOnly: boolean): Promise<boolean> {
    const repo = this.db.getRepository(ChecklistItemEntity);
    const stored = new Map((await repo.findBy({ checklistId: checklist.id })).map((i) => [i.itemId, i]));
    const wanted = new Set(seeds.map((s) => s.id));
    const gone = addOnly ? [] : [...stored.values()].filter((i) => i.deviceId !== null && !wanted.has(i.itemId)).map((i) => i.itemId);
    let changed = false;
    if (gone.length) {
      await repo.delete({ checklistId: checklist.id, itemId: In(gone) });
      changed = true;
    }
    for (const seed of seeds) {
      const item = stored.get(seed.id);
      if (!item) {
        changed = (await this.insert(newItem(checklist.id, seed))) || changed;
        continue;
      }
      if (addOnly || (item.position === seed.position && item.titleZh === seed.title.zh && item.titleEn === seed.title.en)) continue;
      await repo.update({ checklistId: checklist.id, itemId: seed.id }, { position: seed.position, titleZh: seed.title.zh, titleEn: seed.title.en });
      changed = true;
    }
    return changed;
  }

  /** Another instance may add the same item at the same moment: the primary key decides. */
  private async insert(item: ChecklistItemEntity): Promise<boolean> {
    try {
      await this.db.getRepository(ChecklistItemEntity).insert(item);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
