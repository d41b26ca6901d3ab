/**
 * Runs an async job one at a time. A call while a run is in flight does not start a second
 * one beside it: it waits for one more run that starts after the current one, shared by every
 * caller who asked meanwhile. So timers that fire faster than the job runs cannot pile up, and a
 * caller always sees a run that began after its call.
 */
export class CoalescedRunner {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly job: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) {
      this.running = this.job().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.run();
      });
    return this.queued;
  }

  /** Resolves when nothing is running or queued. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.queued ?? this.running)!.catch(() => undefined);
  }
}
