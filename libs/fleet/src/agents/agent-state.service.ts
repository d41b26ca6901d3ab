import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgentBirth, AgentHealth } from '@lobby/contracts';
import { DomainEventBus } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';

export type AgentChange =
  | { type: 'online'; branchId: string; bootId: string; at: number }
  | { type: 'offline'; branchId: string; at: number }
  | { type: 'health'; branchId: string; health: AgentHealth; at: number; missingSeq?: number };

/** Life of each branch's edge agent: birth, death (its will), health. */
@Injectable()
export class AgentStateService {
  constructor(
    private readonly db: DataSource,
    private readonly events: DomainEventBus,
  ) {}

  private get repo() {
    return this.db.getRepository(AgentEntity);
  }

  get(branchId: string): Promise<AgentEntity | null> {
    return this.repo.findOneBy({ branchId });
  }

  async born(branchId: string, birth: AgentBirth, receivedAt: number): Promise<void> {
    await this.repo.upsert(
      { branchId, online: true, bootId: birth.bootId, agentVersion: birth.agentVersion, lastBirthAt: receivedAt, lastSeenAt: receivedAt },
      ['branchId'],
    );
    this.events.emit('agent.changed', { type: 'online', branchId, bootId: birth.bootId, at: receivedAt });
  }

  async died(branchId: string, receivedAt: number): Promise<void> {
    await this.repo.upsert({ branchId, online: false, lastDeathAt: receivedAt }, ['branchId']);
    this.events.emit('agent.changed', { type: 'offline', branchId, at: receivedAt });
  }

  async health(branchId: string, health: AgentHealth, receivedAt: number, missingSeq: number): Promise<void> {
    await this.repo.upsert({ branchId, health, healthAt: receivedAt, lastSeenAt: receivedAt, missingSeq }, ['branchId']);
    this.events.emit('agent.changed', { type: 'health', branchId, health, at: receivedAt, missingSeq });
  }

  async countOnline(): Promise<number> {
    return this.repo.countBy({ online: true });
  }
}
