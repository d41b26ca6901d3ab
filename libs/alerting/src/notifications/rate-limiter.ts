const WINDOW_MS = 60_000;

/**
 * A sliding one-minute window per receiver: group robots (WeCom, DingTalk) refuse more than
 * about 20 messages a minute. `take` answers now or the time a slot frees up.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Takes a slot at `now` and returns `true`, or returns the instant the next slot frees up. */
  take(key: string, now: number): true | number {
    const recent = (this.sent.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.sent.set(key, recent);
      return recent[0] + WINDOW_MS;
    }
    recent.push(now);
    this.sent.set(key, recent);
    return true;
  }
}
