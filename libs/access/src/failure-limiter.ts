/**
 * Counts failures per key (a username, a client address) and locks a key out once it has
 * failed `maxFailures` times within `lockoutMs`. A locked key is refused until the lockout ends,
 * whatever it sends: a correct password during a lockout is refused too, so guessing gains
 * nothing. The table is bounded: the oldest keys go first when it is full.
 */
export class FailureLimiter {
  private readonly entries = new Map<string, { failures: number; since: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockoutMs: number,
    private readonly now: () => number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may try again; 0 when it is not locked out. */
  retryAfterS(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const left = entry.lockedUntil - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    if (entry.lockedUntil) this.entries.delete(key); // the lockout is over: a fresh start
    return 0;
  }

  /** Records a failure; returns the lockout in seconds it caused (0 when none). */
  fail(key: string): number {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.since > this.lockoutMs) {
      entry = { failures: 0, since: now, lockedUntil: 0 };
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.evict();
    }
    entry.failures += 1;
    if (entry.failures >= this.maxFailures) entry.lockedUntil = now + this.lockoutMs;
    return entry.lockedUntil > now ? Math.ceil(this.lockoutMs / 1000) : 0;
  }

  /** A success clears the key's failures (not a lockout: `retryAfterS` is asked first). */
  succeed(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.lockedUntil <= this.now()) this.entries.delete(key);
  }

  private evict(): void {
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
