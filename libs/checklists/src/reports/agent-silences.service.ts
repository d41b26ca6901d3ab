import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { AgentChange } from '@lobby/fleet';
import { DomainEventBus, JsonLogger } from '@lobby/platform';
import type { Span } from '../daily-log/availability';
import { AgentSilenceEntity } from './agent-silence.entity';

/**
 * Records when each branch's agent goes silent (offline) and speaks again (birth), so availability
 * can tell "no data" from "down". The status history alone cannot: unchanged heartbeats are not
 * stored, so a gap in it is normal.
 */
@Injectable()
export class AgentSilences implements OnApplicationBootstrap, OnModuleDestroy {
  private unsubscribe?: () => void;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly logger: JsonLogger,
  ) {}

  private get repo() {
    return this.db.getRepository(AgentSilenceEntity);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.on('agent.changed', (change) => {
      if (change.type === 'health') return;
      // One at a time, in arrival order: an offline and the next birth must not race.
      this.pending = this.pending.then(() => this.record(change)).catch((error: Error) => this.logger.warn('recording an agent silence failed', { branchId: change.branchId, error: error.message }));
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Resolves when every change seen so far is written. */
  idle(): Promise<void> {
    return this.pending;
  }

  /** The branch's silences overlapping [from, to); one still lasting ends at `to`. */
  async spans(branchId: string, from: number, to: number): Promise<Span[]> {
    await this.idle();
    const rows = await this.repo
      .createQueryBuilder('s')
      .where('s.branch_id = :branchId', { branchId })
      .andWhere('s.started_at < :to', { to })
      .andWhere('(s.ended_at IS NULL OR s.ended_at > :from)', { from })
      .orderBy('s.started_at', 'ASC')
      .getMany();
    return rows.map((r) => ({ from: r.startedAt, to: Math.min(r.endedAt ?? to, to) }));
  }

  private async record(change: Exclude<AgentChange, { type: 'health' }>): Promise<void> {
    const open = await this.repo.findOneBy({ branchId: change.branchId, endedAt: IsNull() });
    if (change.type === 'offline') {
      if (!open) await this.repo.insert({ id: randomUUID(), branchId: change.branchId, startedAt: change.at, endedAt: null });
      return;
    }
    if (open) await this.repo.update({ id: open.id }, { endedAt: Math.max(change.at, open.startedAt) });
  }
}
