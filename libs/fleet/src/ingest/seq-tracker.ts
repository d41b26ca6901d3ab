import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, Metrics } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { SeqVerdict, SeqWindow } from './seq-window';

const UNKNOWN_BOOT = 'unknown';

/** One `SeqWindow` per agent; a birth with a new `bootId` (a replaced disk) starts afresh. */
@Injectable()
export class SeqTracker {
  private readonly windows = new Map<string, SeqWindow>();

  constructor(
    private readonly db: DataSource,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
  ) {}

  /** Restores each agent's boot and highest seq, so numbers at or below it go to the database. */
  async load(): Promise<void> {
    const agents = await this.db.getRepository(AgentEntity).find();
    for (const agent of agents) {
      if (agent.bootId) this.windows.set(agent.branchId, new SeqWindow(agent.bootId, agent.lastSeq));
    }
  }

  /** `bootId` is given by births only; other messages belong to the current boot. */
  accept(branchId: string, bootId: string | null, seq: number): SeqVerdict {
    let window = this.windows.get(branchId);
    if (!window || (bootId !== null && window.bootId !== bootId)) {
      if (window && bootId !== null) this.logger.info('agent has a new bootId: seq tracking starts afresh', { branchId, bootId });
      window = new SeqWindow(bootId ?? window?.bootId ?? UNKNOWN_BOOT);
      this.windows.set(branchId, window);
    }
    const { verdict, skipped } = window.accept(seq);
    if (skipped > 0) {
      this.metrics.seqGaps.inc(skipped);
      this.logger.warn('seq gap', { branchId, skipped, seq });
    }
    return verdict;
  }

  bootId(branchId: string): string {
    return this.windows.get(branchId)?.bootId ?? UNKNOWN_BOOT;
  }

  missing(branchId: string): number {
    return this.windows.get(branchId)?.missing() ?? 0;
  }
}
