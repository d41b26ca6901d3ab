/**
 * Test helpers: poll against a deadline instead of sleeping a guessed time, so a test is as fast
 * as the code under test and fails with a message when the thing never happens. One loop, two
 * ways to say "not yet": `eventually` (the check throws, e.g. a failing `expect`) and
 * `eventuallyFound` (the probe yields nothing: `undefined` or `false`).
 */
export interface EventuallyOptions {
  /** Default 15 s. */
  timeoutMs?: number;
  /** Default 20 ms. */
  intervalMs?: number;
  /** What is awaited, for the timeout message of `eventuallyFound`. */
  what?: string;
}

/**
 * Runs `check` until it stops throwing and resolves with its value; past the deadline its last
 * failure is thrown. `eventually(check, timeoutMs, intervalMs)` is short for the options.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions | number = {}, everyMs?: number): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = everyMs ?? 20 } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** Runs `probe` until it yields a value (not `undefined` or `false`) and resolves with it. */
export async function eventuallyFound<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, options: EventuallyOptions | string = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 20, what = 'condition' } = typeof options === 'string' ? { what: options } : options;
  try {
    return await eventually(async () => {
      const value = await probe();
      if (value === undefined || value === false) throw new NotYet();
      return value;
    }, { timeoutMs, intervalMs });
  } catch (error) {
    const detail = error instanceof NotYet || !(error instanceof Error) ? '' : `: ${error.message}`;
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
  }
}

class NotYet extends Error {}

/** Lets pending promise callbacks and I/O callbacks run (for tests on a ManualClock). */
export async function flushIo(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
