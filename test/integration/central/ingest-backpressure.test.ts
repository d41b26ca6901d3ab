import mqtt from 'mqtt';
import { Topics } from '@lobby/contracts';
import { JsonLogger, SystemClock } from '@lobby/platform';
import { CentralMqttClient } from '../../../apps/central-server/src/mqtt/central-mqtt.client';
import { eventually } from '../../support/eventually';
import { ProcessGroup } from '../../support/processes';
import { mosquittoBinaryAvailable, startMosquitto } from '../../support/mosquitto';

const BOUND = 5;
const MESSAGES = 200;

/**
 * The central server takes from the broker only as many messages as it can store: at most
 * `maxInProcess` wait for the database, and reading the connection pauses meanwhile (the broker
 * keeps the rest). Found by the replay benchmark: Mosquitto sends a reconnecting persistent
 * session far more than its in-flight window, and a server that took all of it ran out of
 * memory. Here the broker's window (1,000) is far larger than the bound, so only the client's
 * own bound can keep the count down.
 */
describe('the central server reads the broker at the pace it stores', () => {
  const group = new ProcessGroup();
  let available = false;
  let url = '';

  beforeAll(async () => {
    available = await mosquittoBinaryAvailable();
    if (available) url = (await startMosquitto(group)).url;
  });
  afterAll(async () => group.killAll());

  it(`never has more than ${BOUND} messages waiting to be stored, and stores all ${MESSAGES}`, async () => {
    if (!available) return;
    let waiting = 0;
    let most = 0;
    const stored: string[] = [];
    const client = new CentralMqttClient({ url, clientId: `bp-${process.pid}`, persistentSession: true, external: true, maxInProcess: BOUND }, new SystemClock(), new JsonLogger('test', 'error'));
    await client.start(async (_topic, payload) => {
      most = Math.max(most, ++waiting);
      // A store that takes a moment, as a group commit does.
      await new Promise((resolve) => setTimeout(resolve, 5));
      waiting--;
      stored.push(payload.toString());
    });
    const agent = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: `bp-agent-${process.pid}` });
    try {
      // All at once: the broker has every one before the server has stored the first few.
      await Promise.all(Array.from({ length: MESSAGES }, (_, i) => agent.publishAsync(Topics.deviceStatus('BR-BP', 'BR-BP-TP1'), String(i), { qos: 1 })));
      await eventually(() => expect(stored).toHaveLength(MESSAGES), 20_000);
      expect(most).toBe(BOUND);
      expect(new Set(stored).size).toBe(MESSAGES);
    } finally {
      await agent.endAsync();
      await client.stop();
    }
  });
});
