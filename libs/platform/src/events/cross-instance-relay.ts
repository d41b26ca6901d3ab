import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { z } from 'zod';
import { parsePayload } from '@lobby/contracts';
import { JsonLogger } from '@lobby/runtime';
import { DomainEventBus, DomainEventName } from './domain-event-bus';

/**
 * The way domain events travel between central instances. The central server implements it on
 * its MQTT connection (a central-only topic the broker ACL keeps agents away from).
 */
export abstract class CentralEventsBus {
  abstract publish(payload: string): Promise<void>;
  abstract subscribe(handler: (payload: Buffer) => void): void;
}

/** Which domain events other instances hear of (the rest stay on the instance that had them). */
export abstract class SharedEventNames {
  abstract readonly names: readonly DomainEventName[];
}

/** Events travel in batches: one broker message per flush, not one per event. */
const MAX_BATCH = 500;
/** Under the brokers' message size limit (the shipped Mosquitto config allows 64 KiB). */
const MAX_BATCH_BYTES = 48 * 1024;
/** How long an event may wait to share a message with others. */
const FLUSH_MS = 50;
const WireSchema = z.object({
  origin: z.string().min(1).max(64),
  events: z.array(z.object({ name: z.string().min(1).max(64), payload: z.unknown() })).max(MAX_BATCH),
});

/**
 * The cross-instance bus as a consumer of the domain event bus: every shared event this
 * instance emits is sent to the others, and theirs are emitted here as remote events (this
 * instance's own echo is dropped by its origin id). Events are collected for up to FLUSH_MS and
 * sent as one message, so a flood of device changes costs a few broker messages a second.
 */
@Injectable()
export class CrossInstanceRelay implements OnModuleDestroy {
  private readonly origin = randomUUID();
  private readonly shared: Set<string>;
  private pending: string[] = [];
  private pendingBytes = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly events: DomainEventBus,
    private readonly logger: JsonLogger,
    shared: SharedEventNames,
    @Optional() private readonly bus?: CentralEventsBus,
  ) {
    this.shared = new Set(shared.names);
    if (!this.bus) return;
    this.events.onAnyLocal((name, payload) => {
      if (this.shared.has(name)) void this.send(name, payload);
    });
    this.bus.subscribe((message) => this.receive(message));
  }

  /** Resolves once everything sent so far has left (tests; shutdown). */
  flushNow(): Promise<void> {
    return this.flush();
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }

  private send(name: string, payload: unknown): Promise<void> {
    // Serialized now: a payload object changed later (the twin) must travel as it was.
    const json = JSON.stringify({ name, payload });
    const bytes = Buffer.byteLength(json);
    const flushed = this.pendingBytes + bytes > MAX_BATCH_BYTES ? this.flush() : undefined;
    this.pending.push(json);
    this.pendingBytes += bytes + 1;
    if (this.pending.length >= MAX_BATCH) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
    return flushed ?? Promise.resolve();
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
      this.logger.warn('domain events not sent to other instances', { count: events.length, error: (error as Error).message });
    }
  }

  private receive(message: Buffer): void {
    const parsed = parsePayload(WireSchema, message);
    if (!parsed.ok) {
      this.logger.warn('invalid domain events from the cross-instance bus', { reason: parsed.reason });
      return;
    }
    if (parsed.value.origin === this.origin) return;
    for (const { name, payload } of parsed.value.events) {
      if (!this.shared.has(name)) continue; // an event this version does not share (or know)
      this.events.emit(name as DomainEventName, payload as never, { remote: true });
    }
  }
}
