import { DataSource, EntityManager } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { Clock, JsonLogger, Metrics, TimerHandle } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { DeviceEntity } from '../entities/device.entity';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';

type StatusRow = DeviceStatusEntity;
type EventRow = FleetEventEntity;
interface LiveUpdate {
  live: DeviceReading;
  ts: number;
  seq: number;
  receivedAt: number;
}

const CHUNK = 100; // SQLite allows 999 bound variables per statement
const MAX_PENDING = 200_000;

/**
 * Write-behind for the ingest hot path: history rows, events and live-state updates are
 * collected and written in one transaction every `flushMs` (or sooner when many are waiting),
 * so a burst is a few round trips, not one per message. Live updates are coalesced per device
 * and conditional (`live_ts` older), so with several instances the database keeps the newest.
 */
export class PersistenceBatcher {
  private statuses: StatusRow[] = [];
  private events: EventRow[] = [];
  private live = new Map<string, LiveUpdate>();
  private agentSeen = new Map<string, { seq: number; at: number }>();
  private timer?: TimerHandle;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly flushMs: number,
  ) {}

  start(): void {
    this.timer = this.clock.setInterval(() => void this.flush(), this.flushMs);
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    await this.flush();
  }

  get pending(): number {
    return this.statuses.length + this.events.length + this.live.size + this.agentSeen.size;
  }

  addStatus(row: StatusRow): void {
    this.statuses.push(row);
    this.trim();
  }
  addEvent(row: EventRow): void {
    this.events.push(row);
    this.trim();
  }
  setLive(deviceId: string, update: LiveUpdate): void {
    const held = this.live.get(deviceId);
    if (!held || update.ts > held.ts || (update.ts === held.ts && update.seq > held.seq)) this.live.set(deviceId, update);
  }
  seenAgent(branchId: string, seq: number, at: number): void {
    const held = this.agentSeen.get(branchId);
    this.agentSeen.set(branchId, { seq: Math.max(seq, held?.seq ?? -1), at: Math.max(at, held?.at ?? 0) });
  }

  /** Writes everything collected so far; concurrent calls share one write. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending === 0) return;
    this.flushing = this.writeBatch().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async writeBatch(): Promise<void> {
    const batch = { statuses: this.statuses, events: this.events, live: this.live, agents: this.agentSeen };
    this.statuses = [];
    this.events = [];
    this.live = new Map();
    this.agentSeen = new Map();
    const started = process.hrtime.bigint();
    try {
      await this.db.transaction(async (tx) => {
        await insertIgnoringDuplicates(tx, DeviceStatusEntity, batch.statuses);
        await insertIgnoringDuplicates(tx, FleetEventEntity, batch.events);
        for (const [deviceId, update] of batch.live) await updateLive(tx, deviceId, update);
        for (const [branchId, seen] of batch.agents) await updateAgentSeen(tx, branchId, seen.seq, seen.at);
      });
      const rows = batch.statuses.length + batch.events.length + batch.live.size + batch.agents.size;
      this.metrics.dbBatchSize.observe(rows);
      this.metrics.dbBatchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    } catch (error) {
      this.logger.error('ingest batch failed; will retry', { error: (error as Error).message });
      this.requeue(batch);
    }
  }

  private requeue(batch: { statuses: StatusRow[]; events: EventRow[]; live: Map<string, LiveUpdate>; agents: Map<string, { seq: number; at: number }> }): void {
    this.statuses = [...batch.statuses, ...this.statuses];
    this.events = [...batch.events, ...this.events];
    for (const [id, update] of batch.live) if (!this.live.has(id)) this.live.set(id, update);
    for (const [id, seen] of batch.agents) this.seenAgent(id, seen.seq, seen.at);
    this.trim();
  }

  private trim(): void {
    const excess = this.statuses.length + this.events.length - MAX_PENDING;
    if (excess <= 0) return;
    this.logger.error('ingest backlog over limit: dropping oldest history rows', { dropped: excess });
    this.statuses.splice(0, Math.min(excess, this.statuses.length));
  }
}

async function insertIgnoringDuplicates<T extends object>(tx: EntityManager, entity: new () => T, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + CHUNK))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
}

function updateLive(tx: EntityManager, deviceId: string, u: LiveUpdate): Promise<unknown> {
  return tx
    .createQueryBuilder()
    .update(DeviceEntity)
    .set({ live: u.live, liveState: u.live.state, liveTs: u.ts, liveSeq: u.seq, lastSeenAt: u.receivedAt })
    .where('id = :deviceId', { deviceId })
    .andWhere('(live_ts IS NULL OR live_ts < :ts OR (live_ts = :ts AND live_seq < :seq))', { ts: u.ts, seq: u.seq })
    .execute();
}

function updateAgentSeen(tx: EntityManager, branchId: string, seq: number, at: number): Promise<unknown> {
  return tx
    .createQueryBuilder()
    .update(AgentEntity)
    .set({ lastSeq: () => `CASE WHEN last_seq IS NULL OR last_seq < ${Number(seq)} THEN ${Number(seq)} ELSE last_seq END`, lastSeenAt: at })
    .where('branch_id = :branchId', { branchId })
    .execute();
}
