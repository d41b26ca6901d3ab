import { Injectable, Optional } from '@nestjs/common';
import { JsonLogger } from '@lobby/runtime';

/**
 * The central server's domain events: event name → payload. Each lib adds the events it
 * produces to this one map (TypeScript declaration merging, in the lib's `*.events.ts`):
 *
 * ```ts
 * declare module '@lobby/platform' {
 *   interface DomainEvents { 'branch.changed': { branchId: string } }
 * }
 * ```
 *
 * so a producer cannot emit, and a handler cannot expect, a payload of the wrong shape.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEvents {}

export type DomainEventName = Extract<keyof DomainEvents, string>;

/** Where an event happened: on this instance, or on another one (it came over the cross-instance bus). */
export interface EventOrigin {
  remote: boolean;
}

export type AnyHandler = (name: string, payload: unknown, origin: EventOrigin) => void;

interface Subscription {
  handler: (payload: unknown, origin: EventOrigin) => void;
  remote: boolean;
}

export interface HandlerOptions {
  /** Also receive the events of other instances (default: this instance's only). */
  remote?: boolean;
}

/**
 * A small typed event bus: producers `emit` a named event, consumers register handlers by
 * name. Delivery is synchronous and in order (a handler that throws is logged and does not stop
 * the others); `onBatch` collects a hot producer's events and hands them over once per turn of
 * the event loop. Handlers get this instance's events unless they ask for other instances' too.
 */
@Injectable()
export class DomainEventBus<M extends object = DomainEvents> {
  private readonly handlers = new Map<string, Subscription[]>();
  private readonly anyHandlers: AnyHandler[] = [];

  constructor(@Optional() private readonly logger?: JsonLogger) {}

  emit<K extends keyof M & string>(name: K, payload: M[K], origin: EventOrigin = { remote: false }): void {
    for (const subscription of this.handlers.get(name) ?? []) {
      if (origin.remote && !subscription.remote) continue;
      this.deliver(name, () => subscription.handler(payload, origin));
    }
    if (origin.remote) return;
    for (const handler of this.anyHandlers) this.deliver(name, () => handler(name, payload, origin));
  }

  /** Handles every `name` event; returns the unsubscribe. */
  on<K extends keyof M & string>(name: K, handler: (payload: M[K], origin: EventOrigin) => void, options: HandlerOptions = {}): () => void {
    const subscription: Subscription = { handler: handler as Subscription['handler'], remote: !!options.remote };
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), subscription]);
    return () => this.handlers.set(name, (this.handlers.get(name) ?? []).filter((s) => s !== subscription));
  }

  /** Handles `name` events in batches: all of one turn of the event loop in one call, in order. */
  onBatch<K extends keyof M & string>(name: K, handler: (payloads: M[K][], origin: EventOrigin) => void, options: HandlerOptions = {}): () => void {
    const pending = { local: [] as M[K][], remote: [] as M[K][] };
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      for (const remote of [false, true]) {
        const batch = remote ? pending.remote : pending.local;
        if (!batch.length) continue;
        if (remote) pending.remote = [];
        else pending.local = [];
        this.deliver(name, () => handler(batch, { remote }));
      }
    };
    return this.on(
      name,
      (payload, origin) => {
        (origin.remote ? pending.remote : pending.local).push(payload);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
      options,
    );
  }

  /** Every event this instance emits (not those from other instances): the cross-instance relay. */
  onAnyLocal(handler: AnyHandler): () => void {
    this.anyHandlers.push(handler);
    return () => {
      const i = this.anyHandlers.indexOf(handler);
      if (i >= 0) this.anyHandlers.splice(i, 1);
    };
  }

  private deliver(name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.logger?.error('domain event handler failed', { event: name, error: (error as Error).message, stack: (error as Error).stack });
    }
  }
}
