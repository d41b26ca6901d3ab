import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { Subject } from 'rxjs';
import { z } from 'zod';
import { parsePayload } from '@lobby/contracts';
import { JsonLogger } from '@lobby/platform';
import { TASK_KINDS, type LiveEvent } from '../alerting.types';

/**
 * The way live events travel between central instances. The central server implements it on
 * its MQTT connection (a central-only topic the broker ACL keeps agents away from).
 */
export abstract class CentralEventsBus {
  abstract publish(payload: string): Promise<void>;
  abstract subscribe(handler: (payload: Buffer) => void): void;
}

const EventSchema = z.object({
  type: z.enum(['alert', 'alert.cleared', 'task', 'device', 'checklist', 'self-service']),
  branchId: z.string().min(1).max(64),
  taskKind: z.enum(TASK_KINDS).optional(),
  data: z.unknown(),
});
/** Events travel in batches: one broker message per flush, not one per event. */
const MAX_BATCH = 500;
/** Under the brokers' message size limit (the shipped Mosquitto config allows 64 KiB). */
const MAX_BATCH_BYTES = 48 * 1024;
const WireSchema = z.object({ origin: z.string().min(1).max(64), events: z.array(EventSchema).max(MAX_BATCH) });
/** How long an event may wait to share a message with others (other instances' SSE only). */
const FLUSH_MS = 50;

/**
 * Live events for `GET /api/stream`, from every instance: an event is delivered to this
 * instance's streams at once and sent over the bus; events from other instances come back
 * through the bus (this instance's own echo is dropped by its origin id). Events for the bus are
 * collected for up to FLUSH_MS and sent as one message, so a flood of device changes costs a
 * few broker messages a second instead of one each (and one echo each).
 */
@Injectable()
export class LiveEventsService implements OnModuleDestroy {
  readonly events$ = new Subject<LiveEvent>();
  private readonly origin = randomUUID();
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly logger: JsonLogger,
    @Optional() private readonly bus?: CentralEventsBus,
  ) {
    this.bus?.subscribe((payload) => this.receive(payload));
  }

  publish(event: LiveEvent): Promise<void> {
    this.events$.next(event);
    if (!this.bus) return Promise.resolve();
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    const flushed = this.pendingBytes + bytes > MAX_BATCH_BYTES ? this.flush() : undefined;
    this.pending.push(json);
    this.pendingBytes += bytes + 1;
    if (this.pending.length >= MAX_BATCH) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    return flushed ?? Promise.resolve();
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (!events.length || !this.bus) return;
    try {
      await this.bus.publish(`{"origin":${JSON.stringify(this.origin)},"events":[${events.join(',')}]}`);
    } catch (error) {
      this.logger.warn('live events not sent to other instances', { count: events.length, error: (error as Error).message });
    }
  }

  private receive(payload: Buffer): void {
    const parsed = parsePayload(WireSchema, payload);
    if (!parsed.ok) {
      this.logger.warn('invalid live event from the bus', { reason: parsed.reason });
      return;
    }
    if (parsed.value.origin === this.origin) return;
    for (const event of parsed.value.events) this.events$.next(event);
  }
}
