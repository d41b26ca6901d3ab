const CHECK_EVERY_MS = 1000;

/**
 * Calls `onGone` once when the process that started this one is gone (it was killed hard, so
 * it could not pass a signal on): a dead parent's children are adopted by another process, so
 * the parent pid changes. Only for a parent that owns our lifetime, such as `npm start`.
 */
export function watchParent(onGone: () => void): { stop(): void } {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, CHECK_EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
