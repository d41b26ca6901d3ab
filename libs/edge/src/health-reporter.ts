import { AgentHealth } from '@lobby/contracts';
import { Clock, TimerHandle } from '@lobby/runtime';
import { Publisher } from './publisher';

export const DEFAULT_HEALTH_INTERVAL_MS = 60_000;

/** `agent/health` every `healthIntervalMs` while the centre listens (docs/mqtt.md). */
export class HealthReporter {
  private timer?: TimerHandle;
  private readonly startedAt: number;

  constructor(
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    private readonly intervalMs = DEFAULT_HEALTH_INTERVAL_MS,
  ) {
    this.startedAt = clock.now();
  }

  start(): void {
    this.timer = this.clock.setInterval(() => this.report(), this.intervalMs);
  }

  stop(): void {
    this.timer?.cancel();
  }

  report(): void {
    const stats = this.publisher.stats();
    this.publisher.publishHealth(
      (seq): AgentHealth => ({
        seq,
        ts: this.clock.isoNow(),
        uptimeS: Math.round((this.clock.now() - this.startedAt) / 1000),
        bufferQueued: stats.buffered,
        bufferDropped: stats.dropped,
        clockSkewMs: this.publisher.clockSkewMs,
      }),
    );
  }
}
