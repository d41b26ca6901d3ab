import { DEFAULT_LOCALE, type Locale } from '@lobby/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, DomainEventBus, JsonLogger } from '@lobby/platform';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { ChecklistView, toChecklistView } from './checklist-view';

/** Reads checklists as the API shows them, and tells the domain event bus (`checklist.changed`) when one changed. */
@Injectable()
export class ChecklistPublisher {
  constructor(
    private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  async view(id: string): Promise<ChecklistView | null> {
    const row = await this.db.getRepository(ChecklistEntity).findOneBy({ id });
    return row ? this.viewOf(row) : null;
  }

  async viewOf(row: ChecklistEntity, locale: Locale = DEFAULT_LOCALE): Promise<ChecklistView> {
    const items = await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: row.id });
    return toChecklistView(row, items, this.clock.now(), locale);
  }

  async publish(id: string): Promise<void> {
    try {
      const view = await this.view(id);
      if (view) this.events.emit('checklist.changed', { branchId: view.branchId, checklist: view });
    } catch (error) {
      this.logger.warn('checklist live event failed', { id, error: (error as Error).message });
    }
  }
}
