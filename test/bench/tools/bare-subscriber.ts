/**
 * The baseline: a bare mqtt.js subscriber on the same broker and load, counting device statuses
 * (`lobby/v1/+/device/+/status`) and doing nothing else. Prints `{"ready":true}` once subscribed
 * and `{"count","firstAt","lastAt"}` when it has seen BENCH_EXPECT messages.
 */
import mqtt from 'mqtt';

async function main(): Promise<void> {
  const expect = Number(process.env.BENCH_EXPECT);
  const client = await mqtt.connectAsync(process.env.BENCH_URL ?? 'mqtt://127.0.0.1:1883', {
    protocolVersion: 4,
    username: process.env.BENCH_USERNAME,
    password: process.env.BENCH_PASSWORD,
    clientId: `bench-baseline-${process.pid}`,
    clean: true,
  });
  let count = 0;
  let firstAt = 0;
  client.on('message', () => {
    if (count === 0) firstAt = Date.now();
    count++;
    if (count === expect) {
      process.stdout.write(`${JSON.stringify({ count, firstAt, lastAt: Date.now() })}\n`);
      void client.endAsync().then(() => process.exit(0));
    }
  });
  await client.subscribeAsync('lobby/v1/+/device/+/status', { qos: 1 });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`baseline subscriber failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
