import { Clock, TimerHandle } from '@lobby/runtime';

/** The pending timers of a simulator's scripted behaviour, so `stop()` can cancel them all. */
export class SimulatorTimers {
  private readonly timers = new Set<TimerHandle>();

  later(clock: Clock, ms: number, fn: () => void): void {
    const timer = clock.setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }
}
