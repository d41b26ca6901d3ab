/**
 * Time, injected. Logic that waits, times out or schedules reads this instead of `Date.now()`
 * and `setTimeout`, so tests move time instead of sleeping.
 */
export abstract class Clock {
  abstract now(): number;
  abstract setTimeout(fn: () => void, ms: number): TimerHandle;
  abstract setInterval(fn: () => void, ms: number): TimerHandle;
  date(): Date {
    return new Date(this.now());
  }
  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

export interface TimerHandle {
  cancel(): void;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(handle) };
  }
  setInterval(fn: () => void, ms: number): TimerHandle {
    const handle = setInterval(fn, ms);
    return { cancel: () => clearInterval(handle) };
  }
}

/** A clock tests drive by hand: `advance(ms)` fires due timers in order. */
export class ManualClock extends Clock {
  private current: number;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void; every?: number }>();

  constructor(start: number | Date = Date.UTC(2026, 10, 28, 0, 0, 0)) {
    super();
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.current;
  }
  set(to: number | Date): void {
    this.advance((typeof to === 'number' ? to : to.getTime()) - this.current);
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms);
  }
  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.add(fn, ms, Math.max(1, ms));
  }
  /** Moves time forward, firing every timer that falls due on the way, in time order. */
  advance(ms: number): void {
    const end = this.current + Math.max(0, ms);
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, timer] = next;
      this.current = Math.max(this.current, timer.at);
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.fn();
    }
    this.current = end;
  }
  private add(fn: () => void, ms: number, every?: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, ms), fn, every });
    return { cancel: () => this.timers.delete(id) };
  }
}
