/**
 * The baseline: a bare mqtt.js subscriber on the same broker and load, counting device statuses
 * (`lobby/v1/+/device/+/status`) and doing nothing else. Prints `{"ready":true}` once subscribed
 * and `{"count","firstAt","lastAt"}` when it has seen BENCH_EXPECT messages.
 *
 * For the drain scenario: BENCH_SEQS=1 also checks the seqs 1..BENCH_EXPECT (read from the
 * payload's start), finishes when each has arrived once and reports duplicates and seqs outside
 * that range; a `report` line on stdin prints the figures so far (missing seqs) and exits.
 * BENCH_CENTRAL_ONLINE=1 first publishes the centre's retained state (online), as a running
 * central server keeps it, so an agent starts sending as soon as it has subscribed.
 */
import mqtt from 'mqtt';
import { Topics } from '@lobby/contracts';
import { seqOf } from './buffered-status';

class SeqCheck {
  private readonly seen: Uint8Array;
  unique = 0;
  duplicates = 0;
  unexpected = 0;

  constructor(private readonly expect: number) {
    this.seen = new Uint8Array(expect + 1);
  }

  add(payload: Buffer): void {
    const seq = seqOf(payload);
    if (seq === undefined || seq < 1 || seq > this.expect) this.unexpected++;
    else if (this.seen[seq]) this.duplicates++;
    else {
      this.seen[seq] = 1;
      this.unique++;
    }
  }

  get complete(): boolean {
    return this.unique === this.expect;
  }

  figures(): Record<string, number> {
    return { unique: this.unique, missing: this.expect - this.unique, duplicates: this.duplicates, unexpected: this.unexpected };
  }
}

async function main(): Promise<void> {
  const expect = Number(process.env.BENCH_EXPECT);
  const client = await mqtt.connectAsync(process.env.BENCH_URL ?? 'mqtt://127.0.0.1:1883', {
    protocolVersion: 4,
    username: process.env.BENCH_USERNAME,
    password: process.env.BENCH_PASSWORD,
    clientId: `bench-baseline-${process.pid}`,
    clean: true,
  });
  const seqs = process.env.BENCH_SEQS === '1' ? new SeqCheck(expect) : undefined;
  let count = 0;
  let firstAt = 0;
  let lastAt = 0;
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    process.stdout.write(`${JSON.stringify({ count, firstAt, lastAt, ...seqs?.figures() })}\n`);
    void client.endAsync().then(() => process.exit(0));
  };
  client.on('message', (_topic, payload) => {
    lastAt = Date.now();
    if (count === 0) firstAt = lastAt;
    count++;
    seqs?.add(payload);
    if (seqs ? seqs.complete : count === expect) report();
  });
  if (seqs) process.stdin.on('data', (line) => line.toString().includes('report') && report());
  if (process.env.BENCH_CENTRAL_ONLINE === '1') await client.publishAsync(Topics.centralState(), JSON.stringify({ online: true, ts: new Date().toISOString() }), { qos: 1, retain: true });
  await client.subscribeAsync('lobby/v1/+/device/+/status', { qos: 1 });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline subscriber failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
