import { Injectable } from '@nestjs/common';
import { Between, DataSource, LessThan } from 'typeorm';
import { LONG_WAIT_S, QueueStatus } from '@lobby/contracts';
import { Clock, isUniqueViolation, JsonLogger } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { localDayBounds } from '../schedule/due-times';
import { QueueSampleEntity } from './queue-sample.entity';

export interface QueueNow {
  at: string;
  waiting: number;
  longestWaitS: number;
  meanWaitS: number | null;
  /** The longest wait is over the manual's 15 minutes. */
  longWait: boolean;
}

/** `GET /api/branches/{id}/queue?date=`: the latest report and the day's figures; `null`s where the branch's queue system reports nothing. */
export interface QueueDay {
  branchId: string;
  date: string;
  current: QueueNow | null;
  /** Reports of the day, oldest first. */
  samples: QueueNow[];
  maxWaiting: number | null;
  maxWaitS: number | null;
  /** Reports of the day with a wait over 15 minutes. */
  longWaitReports: number;
}

/** The optional queue-system topic: stores each report once (the database decides) and answers per branch and day. */
@Injectable()
export class QueueService {
  private readonly logger: JsonLogger;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    logger: JsonLogger,
  ) {
    this.logger = logger.child('queue');
  }

  async record(branchId: string, status: QueueStatus): Promise<void> {
    const row = { branchId, ts: Date.parse(status.ts), waiting: status.waiting, longestWaitS: status.longestWaitS, meanWaitS: status.meanWaitS ?? null, receivedAt: this.clock.now() };
    try {
      await this.db.getRepository(QueueSampleEntity).insert(row);
    } catch (error) {
      // The same report twice (redelivery, two instances): kept once.
      if (!isUniqueViolation(error)) throw error;
    }
    if (status.longestWaitS > LONG_WAIT_S) this.logger.info('queue wait over 15 minutes', { branchId, waiting: status.waiting, longestWaitS: status.longestWaitS });
  }

  async day(branch: BranchInfo, date: string): Promise<QueueDay> {
    const day = localDayBounds(branch.calendar.timezone, date);
    const repo = this.db.getRepository(QueueSampleEntity);
    const rows = await repo.find({ where: { branchId: branch.id, ts: Between(day.from, day.to - 1) }, order: { ts: 'ASC' } });
    const latest = await repo.findOne({ where: { branchId: branch.id, ts: LessThan(Math.min(day.to, this.clock.now() + 1)) }, order: { ts: 'DESC' } });
    const samples = rows.map(view);
    return {
      branchId: branch.id,
      date,
      current: latest ? view(latest) : null,
      samples,
      maxWaiting: samples.length ? Math.max(...samples.map((s) => s.waiting)) : null,
      maxWaitS: samples.length ? Math.max(...samples.map((s) => s.longestWaitS)) : null,
      longWaitReports: samples.filter((s) => s.longWait).length,
    };
  }
}

function view(row: QueueSampleEntity): QueueNow {
  return { at: new Date(row.ts).toISOString(), waiting: row.waiting, longestWaitS: row.longestWaitS, meanWaitS: row.meanWaitS, longWait: row.longestWaitS > LONG_WAIT_S };
}
