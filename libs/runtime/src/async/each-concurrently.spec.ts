import { eachConcurrently } from './each-concurrently';

/** A task that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe(eachConcurrently.name, () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts the next item as soon as one finishes, not when a whole batch has', async () => {
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const all = eachConcurrently([0, 1, 2], 2, async (n) => {
      started.push(n);
      await gates[n].opened;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1].open(); // 0 still runs
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    await all;
  });

  it('rejects with the first failure after the running items settle, and starts nothing after it', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = eachConcurrently([1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await new Promise((resolve) => setImmediate(resolve));
      settled++;
      if (n === 1) throw new Error('branch 1 failed');
    });
    await expect(run).rejects.toThrow('branch 1 failed');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  it('refuses a limit that would run nothing', async () => {
    await expect(eachConcurrently([1], 0, async () => undefined)).rejects.toThrow(RangeError);
  });
});
