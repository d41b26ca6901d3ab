/**
 * Runs tasks one after another per key, different keys side by side: ingest keys by agent, so a
 * branch's messages are handled in arrival order (a birth registers devices before the statuses
 * that follow it are looked up); the alert engine keys by device. A failed task does not stop
 * the ones queued after it (its caller sees the failure).
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves when everything queued so far has run. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all(this.tails.values());
  }
}
