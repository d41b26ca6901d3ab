import { Observable, Subscription } from 'rxjs';
import { Clock, TimerHandle } from '@lobby/runtime';

/**
 * What a scan makes of the bytes buffered so far: a complete reply (`value`), or not yet.
 * `consumed` bytes are dropped from the front either way (noise, a skipped bad frame).
 */
export type ScanStep<T> = { done: true; value: T; consumed: number } | { done: false; consumed: number };

export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; leftover: Buffer };

/** Bytes kept before the oldest are dropped: a chattering line must not grow memory. */
const DEFAULT_MAX_BUFFERED = 4096;

/**
 * Buffers a port's incoming bytes from the moment it is created, so a reply that arrives
 * before the request's write resolves is never lost, and hands out complete replies on demand.
 * One read at a time (drivers run their exchanges under the port's mutex).
 */
export class ByteReader {
  private buffer = Buffer.alloc(0);
  private notify?: () => void;
  private readonly subscription: Subscription;
  private overflowed = 0;

  constructor(
    source: Observable<Buffer>,
    private readonly clock: Clock,
    private readonly maxBuffered = DEFAULT_MAX_BUFFERED,
  ) {
    this.subscription = source.subscribe((chunk) => this.append(chunk));
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Bytes dropped because the buffer was full. */
  get overflowedBytes(): number {
    return this.overflowed;
  }

  /**
   * Waits up to `timeoutMs` until `scan` finds a complete reply in the buffered bytes. On
   * timeout the unconsumed bytes are returned (and kept) so the caller can judge them
   * (a truncated frame) before draining.
   */
  read<T>(scan: (bytes: Buffer) => ScanStep<T>, timeoutMs: number): Promise<ReadOutcome<T>> {
    if (this.notify) return Promise.reject(new Error('ByteReader: one read at a time'));
    return new Promise((resolve) => {
      const finish = (outcome: ReadOutcome<T>): void => {
        timer.cancel();
        this.notify = undefined;
        resolve(outcome);
      };
      const attempt = (): void => {
        const step = this.scanOnce(scan);
        if (step) finish(step);
      };
      const timer = this.clock.setTimeout(() => finish({ ok: false, leftover: Buffer.from(this.buffer) }), timeoutMs);
      this.notify = attempt;
      attempt();
    });
  }

  /** Discards everything buffered; returns how many bytes were dropped. */
  discard(): number {
    const dropped = this.buffer.length;
    this.buffer = Buffer.alloc(0);
    return dropped;
  }

  /**
   * Drains the input: discards what is buffered, then keeps discarding until the line has been
   * quiet for `quietMs` (at most `maxMs`), so a late reply cannot pass for the next one.
   */
  drain(quietMs: number, maxMs = quietMs * 5): Promise<number> {
    let dropped = this.discard();
    if (quietMs <= 0) return Promise.resolve(dropped);
    return new Promise((resolve) => {
      const deadline = this.clock.now() + maxMs;
      let timer: TimerHandle | undefined;
      const finish = (): void => {
        this.notify = undefined;
        dropped += this.discard();
        resolve(dropped);
      };
      const arm = (): void => {
        timer?.cancel();
        const wait = Math.min(quietMs, Math.max(0, deadline - this.clock.now()));
        timer = this.clock.setTimeout(finish, wait);
      };
      this.notify = () => {
        dropped += this.discard();
        arm();
      };
      arm();
    });
  }

  close(): void {
    this.subscription.unsubscribe();
    this.buffer = Buffer.alloc(0);
  }

  private append(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    if (this.buffer.length > this.maxBuffered) {
      this.overflowed += this.buffer.length - this.maxBuffered;
      this.buffer = this.buffer.subarray(this.buffer.length - this.maxBuffered);
    }
    this.notify?.();
  }

  private scanOnce<T>(scan: (bytes: Buffer) => ScanStep<T>): ReadOutcome<T> | undefined {
    // Loop: one call may only skip noise, and the reply may already sit behind it.
    for (;;) {
      if (this.buffer.length === 0) return undefined;
      const step = scan(this.buffer);
      const consumed = Math.min(Math.max(0, step.consumed), this.buffer.length);
      this.buffer = this.buffer.subarray(consumed);
      if (step.done) return { ok: true, value: step.value };
      if (consumed === 0) return undefined;
    }
  }
}
