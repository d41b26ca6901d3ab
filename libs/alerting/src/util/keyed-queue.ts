/** Runs jobs one after another per key (and side by side across keys). */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, job: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(job);
    this.tails.set(key, next);
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
      });
    return next;
  }

  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()].map((p) => p.catch(() => undefined)));
  }
}
