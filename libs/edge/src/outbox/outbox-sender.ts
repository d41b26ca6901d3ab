import { JsonLogger } from '@lobby/runtime';
import { DiskBuffer } from './disk-buffer';
import { BufferedEntry, OutboxMessage, payloadForSend } from './outbox-message';

/** Sends one message and resolves on PUBACK; rejects if the link drops first. */
export type SendFn = (message: OutboxMessage, payload: string) => Promise<void>;

export type SenderMode = 'paused' | 'catch-up' | 'live';

interface InFlight {
  entry: BufferedEntry;
  acked: boolean;
}

/**
 * The single in-order sender: every seq-bearing message goes through the disk buffer and only
 * this drains it. Up to `window` messages are in flight; the persisted read position moves
 * only over a PUBACKed prefix, so a dropped link or a crash re-sends but never loses.
 *
 * After each resume it is in catch-up: what it sends is marked `historical` until the buffer
 * is empty; then `onCaughtUp` runs (the agent publishes a fresh live status per device) and
 * it turns live.
 */
export class OutboxSender {
  private mode: SenderMode = 'paused';
  private generation = 0;
  private inFlight: InFlight[] = [];
  private lastSentOrd?: number;
  private sentCount = 0;
  private finishing = false;

  constructor(
    private readonly buffer: DiskBuffer,
    private readonly send: SendFn,
    private readonly logger: JsonLogger,
    private readonly hooks: { onCaughtUp?: () => void; onStalled?: () => void } = {},
    private readonly window = 8,
  ) {}

  get state(): SenderMode {
    return this.mode;
  }
  /** Messages PUBACKed since start. */
  get sent(): number {
    return this.sentCount;
  }

  /** The link is up and the centre listens: replay the backlog, then go live. */
  resume(): void {
    if (this.mode !== 'paused') return;
    this.mode = 'catch-up';
    this.logger.info('sending buffered messages', { queued: this.buffer.queued });
    this.pump();
  }

  /** The link dropped or the centre went away: forget what is in flight, it will be re-sent. */
  pause(): void {
    if (this.mode === 'paused') return;
    this.mode = 'paused';
    this.generation++;
    this.inFlight = [];
    this.lastSentOrd = undefined;
  }

  /**
   * A clean stop: sends nothing more, but PUBACKs of what is in flight still move the read
   * position while the link closes gently, so a restart re-sends only what the broker never
   * acknowledged (`pause()` would forget them and re-send them after the restart).
   */
  finish(): void {
    this.finishing = true;
  }

  /** Something was appended to the buffer. */
  notify(): void {
    this.pump();
  }

  private pump(): void {
    if (this.mode === 'paused' || this.finishing) return;
    while (this.inFlight.length < this.window) {
      const [entry] = this.buffer.entriesAfter(this.lastSentOrd, 1);
      if (!entry) break;
      this.dispatch(entry);
    }
    if (this.mode === 'catch-up' && this.inFlight.length === 0 && this.buffer.queued === 0) {
      this.mode = 'live';
      this.logger.info('backlog sent: live');
      this.hooks.onCaughtUp?.();
    }
  }

  private dispatch(entry: BufferedEntry): void {
    const generation = this.generation;
    const slot: InFlight = { entry, acked: false };
    this.inFlight.push(slot);
    this.lastSentOrd = entry.ord;
    const payload = payloadForSend(entry.message, this.mode !== 'live');
    this.send(entry.message, payload).then(
      () => {
        if (generation !== this.generation) return;
        slot.acked = true;
        this.sentCount++;
        this.settle();
      },
      (error: unknown) => {
        if (generation !== this.generation || this.finishing) return;
        // Usually the link dropped. Either way the window is forgotten and re-sent from the
        // persisted position once the owner resumes (it is told, to retry a refusal later).
        this.logger.warn('publish failed', { topic: entry.message.topic, error: (error as Error).message });
        this.pause();
        this.hooks.onStalled?.();
      },
    );
  }

  /** Advances the read position over the PUBACKed prefix of the window. */
  private settle(): void {
    let last: number | undefined;
    while (this.inFlight[0]?.acked) last = this.inFlight.shift()!.entry.ord;
    if (last !== undefined) this.buffer.ackThrough(last);
    this.pump();
  }
}
