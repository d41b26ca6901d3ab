import { QueueStatus } from '@lobby/contracts';

/**
 * A branch's queue system (排队叫号系统) for tests and demos: customers take tickets and are called
 * in order; its snapshot is what the optional `lobby/v1/{branch}/queue/status` topic carries.
 */
export class QueueSystemSimulator {
  /** Arrival times (epoch ms) of the customers waiting, oldest first. */
  private readonly waiting: number[] = [];

  /** `n` customers take a ticket at `at`. */
  arrive(at: number, n = 1): this {
    for (let i = 0; i < n; i++) this.waiting.push(at);
    return this;
  }

  /** The `n` longest-waiting customers are called to a counter. */
  call(n = 1): this {
    this.waiting.splice(0, n);
    return this;
  }

  /** The snapshot at `at`, with the branch's UTC offset in `ts` (default +08:00). */
  status(at: number, offsetMinutes = 480): QueueStatus {
    const waits = this.waiting.map((arrived) => Math.max(0, Math.floor((at - arrived) / 1000)));
    const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const sign = offsetMinutes >= 0 ? '+' : '-';
    const abs = Math.abs(offsetMinutes);
    const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return {
      ts: `${local}${offset}`,
      waiting: waits.length,
      longestWaitS: waits.length ? Math.max(...waits) : 0,
      ...(waits.length ? { meanWaitS: Math.round(waits.reduce((a, b) => a + b, 0) / waits.length) } : {}),
    };
  }
}
