/** Delay before attempt `attempt + 1` after `attempt` failed ones: base · 2^(attempt−1), at most `maxMs`. */
export function retryDelayMs(failedAttempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 30));
}
