/**
 * Runs `work` for every item, at most `limit` at once, in the items' order of starting; resolves
 * when all have finished, rejects with the first failure once the running ones have settled (no
 * new item starts after a failure). For rounds over thousands of branches whose work waits on the
 * database most of the time: while one branch waits for its query, another's results are worked
 * on. (p-limit does this too, but its current versions are ES modules only; this is the CommonJS
 * build's few lines.)
 */
export async function eachConcurrently<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  if (!(limit >= 1)) throw new RangeError(`eachConcurrently limit must be at least 1, not ${limit}`);
  const queue = items[Symbol.iterator]();
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done && !failure; next = queue.next()) {
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
