import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { DeviceReading } from '@lobby/contracts';
import { Clock, JsonLogger, Metrics, TimerHandle } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';
import { IngestDeadLetterEntity } from '../entities/ingest-dead-letter.entity';
import { isRowError } from './write-error';
import { isNewer, newerStatusSql } from '../devices/status-order';

type StatusRow = DeviceStatusEntity;
type EventRow = FleetEventEntity;
interface LiveUpdate {
  live: DeviceReading;
  ts: number;
  seq: number;
  receivedAt: number;
}

/** One thing to write; a batch is a list of them, split when one of them is refused. */
type Op =
  | { kind: 'status'; row: StatusRow }
  | { kind: 'event'; row: EventRow }
  | { kind: 'live'; deviceId: string; update: LiveUpdate }
  | { kind: 'agent'; branchId: string; seq: number; at: number };

const CHUNK = 100; // SQLite allows 999 bound variables per statement
const LIVE_CHUNK = 150; // six variables a device
const DEAD_LETTER_PAYLOAD_CHARS = 16_000;
const OUTAGE_LOG_EVERY_MS = 60_000;

/**
 * Write-behind for the ingest hot path: history rows, events and live-state updates are
 * collected and written in one transaction every `flushMs`, so a burst is a few round trips,
 * not one per message. Live updates are coalesced per device and conditional (`live_ts`
 * older), so with several instances the database keeps the newest.
 *
 * Nothing received is dropped. `committed()` tells the ingest when a message's rows are durable
 * (the broker acknowledges only then). A batch the store cannot take (down, full) is kept and
 * retried until it goes in; a row the database refuses on its own is found by splitting the
 * batch, set aside in `ingest_dead_letter`, counted and logged once, and the rest is written.
 */
export class PersistenceBatcher {
  private statuses: StatusRow[] = [];
  private events: EventRow[] = [];
  private live = new Map<string, LiveUpdate>();
  private agentSeen = new Map<string, { seq: number; at: number }>();
  private waiters: Array<() => void> = [];
  private inFlight: { waiters: Array<() => void> } | null = null;
  private timer?: TimerHandle;
  private flushing: Promise<void> | null = null;
  private failingSince: number | null = null;
  private lastOutageLog = 0;
  private flushScheduled = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly flushMs: number,
  ) {
    this.metrics.ingestStoreWritable.set(1);
  }

  start(): void {
    this.timer = this.clock.setInterval(() => void this.flush(), this.flushMs);
  }

  /** Stops the timer after a last flush (which keeps what it could not write; see `writable`). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.flush();
  }

  get pending(): number {
    return this.statuses.length + this.events.length + this.live.size + this.agentSeen.size;
  }

  /** False from a failed write of the store (not of one row) until a write succeeds again. */
  get writable(): boolean {
    return this.failingSince === null;
  }

  addStatus(row: StatusRow): void {
    this.statuses.push(row);
  }
  addEvent(row: EventRow): void {
    this.events.push(row);
  }
  setLive(deviceId: string, update: LiveUpdate): void {
    const held = this.live.get(deviceId);
    if (!held || isNewer(update.ts, update.seq, held.ts, held.seq)) this.live.set(deviceId, update);
  }
  seenAgent(branchId: string, seq: number, at: number): void {
    const held = this.agentSeen.get(branchId);
    this.agentSeen.set(branchId, { seq: Math.max(seq, held?.seq ?? -1), at: Math.max(at, held?.at ?? 0) });
  }

  /**
   * Resolves once everything added so far is in the database (or set aside as refused). Someone
   * waiting starts a write at once (group commit: what arrives meanwhile shares the next one)
   * rather than at the next tick; while the store fails, retries keep to the `flushMs` pace.
   */
  committed(): Promise<void> {
    if (this.pending === 0 && !this.inFlight) return Promise.resolve();
    if (this.pending > 0 && this.writable && !this.stopped) this.flushSoon();
    return new Promise((resolve) => (this.pending > 0 || !this.inFlight ? this.waiters : this.inFlight.waiters).push(resolve));
  }

  private flushSoon(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** Writes everything collected so far; concurrent calls share one write. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.metrics.ingestBacklog.set(this.pending);
    if (this.pending === 0) return;
    this.flushing = this.writeBatch().finally(() => (this.flushing = null));
    await this.flushing;
  }

  private async writeBatch(): Promise<void> {
    const ops = this.takeOps();
    const inFlight = { waiters: this.waiters };
    this.waiters = [];
    this.inFlight = inFlight;
    const started = process.hrtime.bigint();
    try {
      const { left, error } = await this.persist(ops);
      if (left.length) {
        this.requeue(left);
        this.waiters = [...inFlight.waiters, ...this.waiters];
        this.storeFailed(error, left.length);
        return;
      }
      this.storeRecovered();
      this.metrics.dbBatchSize.observe(ops.length);
      this.metrics.dbBatchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      for (const resolve of inFlight.waiters) resolve();
    } finally {
      this.inFlight = null;
    }
  }

  private takeOps(): Op[] {
    const ops: Op[] = [
      ...this.statuses.map((row) => ({ kind: 'status' as const, row })),
      ...this.events.map((row) => ({ kind: 'event' as const, row })),
      ...[...this.live].map(([deviceId, update]) => ({ kind: 'live' as const, deviceId, update })),
      ...[...this.agentSeen].map(([branchId, seen]) => ({ kind: 'agent' as const, branchId, ...seen })),
    ];
    this.statuses = [];
    this.events = [];
    this.live = new Map();
    this.agentSeen = new Map();
    return ops;
  }

  /** Writes `ops`; returns those left unwritten because the store failed (with its error). */
  private async persist(ops: Op[]): Promise<{ left: Op[]; error?: unknown }> {
    try {
      await this.db.transaction((tx) => writeOps(tx, ops));
      return { left: [] };
    } catch (error) {
      if (!isRowError(error)) return { left: ops, error };
      if (ops.length === 1) return this.setAside(ops[0], error);
      const middle = ops.length >> 1;
      const first = await this.persist(ops.slice(0, middle));
      if (first.left.length) return { left: [...first.left, ...ops.slice(middle)], error: first.error };
      return this.persist(ops.slice(middle));
    }
  }

  private async setAside(op: Op, error: unknown): Promise<{ left: Op[]; error?: unknown }> {
    const ids = opIds(op);
    try {
      await this.db.getRepository(IngestDeadLetterEntity).insert({
        id: randomUUID(),
        kind: op.kind,
        ...ids,
        setAsideAt: this.clock.now(),
        error: describe(error).slice(0, 2000),
        payload: safeJson(op).slice(0, DEAD_LETTER_PAYLOAD_CHARS),
      });
    } catch (failure) {
      if (!isRowError(failure)) return { left: [op], error: failure };
      this.logger.error('ingest row refused and could not be set aside: dropped', { kind: op.kind, ...ids, error: describe(failure) });
    }
    this.metrics.deadLetters.inc({ kind: op.kind });
    this.logger.error('ingest row refused by the database: set aside in ingest_dead_letter', { kind: op.kind, ...ids, error: describe(error).slice(0, 300) });
    return { left: [] };
  }

  private requeue(ops: Op[]): void {
    const statuses: StatusRow[] = [];
    const events: EventRow[] = [];
    for (const op of ops) {
      if (op.kind === 'status') statuses.push(op.row);
      else if (op.kind === 'event') events.push(op.row);
      else if (op.kind === 'live') {
        if (!this.live.has(op.deviceId)) this.live.set(op.deviceId, op.update);
      } else this.seenAgent(op.branchId, op.seq, op.at);
    }
    this.statuses = [...statuses, ...this.statuses];
    this.events = [...events, ...this.events];
  }

  private storeFailed(error: unknown, kept: number): void {
    this.metrics.ingestWriteFailures.inc();
    this.metrics.ingestStoreWritable.set(0);
    const now = this.clock.now();
    if (this.failingSince === null) this.failingSince = now;
    if (now - this.lastOutageLog < OUTAGE_LOG_EVERY_MS) return;
    this.lastOutageLog = now;
    this.logger.error('ingest store cannot write: rows kept and retried, agents are not acknowledged meanwhile', {
      error: describe(error).slice(0, 300),
      kept,
      failingForS: Math.round((now - this.failingSince) / 1000),
    });
  }

  private storeRecovered(): void {
    if (this.failingSince === null) return;
    this.logger.warn('ingest store writes again', { failedForS: Math.round((this.clock.now() - this.failingSince) / 1000) });
    this.failingSince = null;
    this.lastOutageLog = 0;
    this.metrics.ingestStoreWritable.set(1);
  }
}

async function writeOps(tx: EntityManager, ops: Op[]): Promise<void> {
  await insertIgnoringDuplicates(tx, DeviceStatusEntity, ops.flatMap((op) => (op.kind === 'status' ? [op.row] : [])));
  await insertIgnoringDuplicates(tx, FleetEventEntity, ops.flatMap((op) => (op.kind === 'event' ? [op.row] : [])));
  const lives = ops.flatMap((op) => (op.kind === 'live' ? [op] : []));
  for (let i = 0; i < lives.length; i += LIVE_CHUNK) await updateLives(tx, lives.slice(i, i + LIVE_CHUNK));
  for (const op of ops) if (op.kind === 'agent') await updateAgentSeen(tx, op.branchId, op.seq, op.at);
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

/**
 * The live state of many devices in one statement (one round trip per batch, not per device),
 * each row only where it is newer than what the database holds. Same SQL on SQLite (3.33+) and
 * PostgreSQL; the casts type the parameters for PostgreSQL.
 */
function updateLives(tx: EntityManager, lives: Array<{ deviceId: string; update: LiveUpdate }>): Promise<unknown> {
  const postgres = tx.connection.options.type === 'postgres';
  let n = 0;
  const p = () => (postgres ? `$${++n}` : '?');
  const rows = lives.map(() => `(${p()}, ${p()}, ${p()}, CAST(${p()} AS bigint), CAST(${p()} AS bigint), CAST(${p()} AS bigint))`);
  const params = lives.flatMap(({ deviceId, update: u }) => [deviceId, JSON.stringify(u.live), u.live.state, u.ts, u.seq, u.receivedAt]);
  return tx.query(
    `WITH v(id, live, state, ts, seq, seen) AS (VALUES ${rows.join(', ')})
     UPDATE device SET live = v.live, live_state = v.state, live_ts = v.ts, live_seq = v.seq, last_seen_at = v.seen
     FROM v WHERE device.id = v.id
       AND ${newerStatusSql('device', 'v')}`,
    params,
  );
}

function updateAgentSeen(tx: EntityManager, branchId: string, seq: number, at: number): Promise<unknown> {
  return tx
    .createQueryBuilder()
    .update(AgentEntity)
    .set({ lastSeq: () => `CASE WHEN last_seq IS NULL OR last_seq < ${Number(seq)} THEN ${Number(seq)} ELSE last_seq END`, lastSeenAt: at })
    .where('branch_id = :branchId', { branchId })
    .execute();
}

function opIds(op: Op): { branchId: string | null; deviceId: string | null; seq: number | null } {
  switch (op.kind) {
    case 'status':
    case 'event':
      return { branchId: op.row.branchId, deviceId: op.row.deviceId, seq: op.row.seq };
    case 'live':
      return { branchId: null, deviceId: op.deviceId, seq: op.update.seq };
    case 'agent':
      return { branchId: op.branchId, deviceId: null, seq: op.seq };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** JSON of a row that may itself be what broke serialization. */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch (error) {
    return `unserializable: ${describe(error)}`;
  }
}
