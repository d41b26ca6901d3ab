/**
 * A first-come-first-served lock: one request/response exchange at a time on a serial bus,
 * because replies carry no request id and several drivers may share one RS-485 line.
 */
export class FifoMutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Exchanges queued or running. */
  get queued(): number {
    return this.waiting;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(work);
    // The next holder waits for this one to settle either way: a failed exchange frees the bus.
    this.tail = result.then(
      () => this.leave(),
      () => this.leave(),
    );
    return result;
  }

  private leave(): void {
    this.waiting -= 1;
  }
}
