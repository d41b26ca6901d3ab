import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger, Metrics } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { IngestLimits } from './ingest-limits';
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
    private readonly limits: IngestLimits,
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
    if (window.highest >= 0 && seq - window.highest - 1 > this.limits.maxSeqGap) window = this.jumped(branchId, window, seq);
    const { verdict, skipped } = window.accept(seq);
    if (skipped > 0) {
      this.metrics.seqGaps.inc(skipped);
      this.logger.warn('seq gap', { branchId, skipped, seq });
    }
    return verdict;
  }

  /**
   * A jump far beyond any real outage (a corrupt or hostile seq) is not a gap of that size: it is
   * counted apart and the window starts again below it. Numbers under the new floor are then
   * `unknown` and the database's unique key de-duplicates them; nothing is dropped.
   */
  private jumped(branchId: string, window: SeqWindow, seq: number): SeqWindow {
    this.metrics.seqJumps.inc();
    this.logger.warn('seq jumped far ahead: treated as a reset, not counted as a gap', { branchId, from: window.highest, seq });
    const restarted = new SeqWindow(window.bootId, seq - 1);
    this.windows.set(branchId, restarted);
    return restarted;
  }

  bootId(branchId: string): string {
    return this.windows.get(branchId)?.bootId ?? UNKNOWN_BOOT;
  }

  missing(branchId: string): number {
    return this.windows.get(branchId)?.missing() ?? 0;
  }
}
