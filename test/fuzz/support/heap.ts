import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The heap in use after a full garbage collection. `--expose-gc` is switched on at run time so
 * the suite needs no special node flags; the `gc` function is taken from a fresh context.
 */
export async function heapUsedAfterGc(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Twice, with a turn of the event loop between: finalizers and timers release more on the second.
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return process.memoryUsage().heapUsed;
}
