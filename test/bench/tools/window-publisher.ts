/**
 * The drain scenario's baseline publisher: one bare mqtt.js connection (as the agent's: MQTT
 * 3.1.1, clean session, its branch's client id) sending the statuses the agent's buffer holds,
 * same topics and payloads, at QoS 1 with at most `window` unacknowledged, the next sent as soon
 * as one is acknowledged (the agent's in-order sender keeps the same window). Nothing is read
 * from disk. Configured by the JSON in BENCH_PUBLISH; prints `{"sent","startedAt","finishedAt"}`.
 */
import mqtt from 'mqtt';
import { bufferedStatus, sentPayload } from './buffered-status';

export interface WindowPlan {
  url: string;
  branch: string;
  devices: number;
  statuses: number;
  window: number;
  username?: string;
  password?: string;
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.env.BENCH_PUBLISH ?? '{}') as WindowPlan;
  const client = await mqtt.connectAsync(plan.url, { protocolVersion: 4, clientId: `agent-${plan.branch}`, username: plan.username, password: plan.password, clean: true });
  const ts = new Date().toISOString();
  const startedAt = Date.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plan.statuses) {
      const i = next++;
      const { topic, body } = bufferedStatus(plan.branch, plan.devices, i, ts);
      await client.publishAsync(topic, sentPayload(i + 1, body), { qos: 1 });
    }
  };
  // `window` lanes, each sending its next status when its last is acknowledged.
  await Promise.all(Array.from({ length: plan.window }, lane));
  process.stdout.write(`${JSON.stringify({ sent: plan.statuses, startedAt, finishedAt: Date.now() })}\n`);
  await client.endAsync();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`window publisher failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
