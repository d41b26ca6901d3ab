import { createServer, Server, Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';
import { Topics } from '@lobby/contracts';
import { JsonLogger, SystemClock } from '@lobby/platform';
import { CentralMqttClient } from '../../../apps/central-server/src/mqtt/central-mqtt.client';
import { eventually } from '../../support/eventually';

const KEEPALIVE_S = 1;
const MESSAGES = 30;
const EVERY_MS = 100; // 3 s of statuses: twice the keepalive's 1.5 s timeout

/**
 * A broker busy sending the central server a backlog answers its keepalive ping late (Mosquitto
 * queues the PINGRESP behind what it is sending). mqtt.js alone counts only acknowledgements and
 * PINGRESPs as signs of life, so the server dropped a connection that was delivering statuses the
 * whole time and had the backlog sent again (the replay benchmark: every ~23 s). Here a broker
 * never answers pings while it sends statuses for three keepalive periods: the server keeps its
 * one connection.
 */
describe('the central server keeps a connection that is delivering statuses', () => {
  let server: Server;
  let port = 0;
  const connects: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      const parser = mqttPacket.parser({ protocolVersion: 4 });
      parser.on('packet', (packet) => {
        if (packet.cmd === 'connect') {
          connects.push(socket);
          socket.write(mqttPacket.generate({ cmd: 'connack', returnCode: 0, sessionPresent: false }));
        } else if (packet.cmd === 'subscribe') {
          socket.write(mqttPacket.generate({ cmd: 'suback', messageId: packet.messageId, granted: packet.subscriptions.map(() => 1) }));
        } else if (packet.cmd === 'publish' && packet.qos === 1) {
          socket.write(mqttPacket.generate({ cmd: 'puback', messageId: packet.messageId }));
        } else if (packet.cmd === 'pingreq') {
          // Never answered: the PINGRESP is "behind the backlog".
        }
      });
      socket.on('data', (data) => parser.parse(data));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    connects.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  it(`receives ${MESSAGES} statuses over ${(MESSAGES * EVERY_MS) / 1000} s on one connection though no ping is answered`, async () => {
    const received: string[] = [];
    const client = new CentralMqttClient({ url: `mqtt://127.0.0.1:${port}`, clientId: `ka-${process.pid}`, persistentSession: true, keepaliveSeconds: KEEPALIVE_S }, new SystemClock(), new JsonLogger('test', 'error'));
    const started = client.start(async (_topic, payload) => void received.push(payload.toString()));
    await eventually(() => expect(connects).toHaveLength(1), 5_000);
    await started;
    const socket = connects[0];
    for (let i = 0; i < MESSAGES; i++) {
      socket.write(mqttPacket.generate({ cmd: 'publish', topic: Topics.deviceStatus('BR-KA', 'BR-KA-TP1'), payload: Buffer.from(String(i)), qos: 1, messageId: i + 1, retain: false, dup: false }));
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
    await eventually(() => expect(received).toHaveLength(MESSAGES), 5_000);
    // Without the received statuses counting as life, the client pings after 1 s, gives up at 1.5 s and connects again.
    expect(connects).toHaveLength(1);
    await client.stop().catch(() => undefined);
  });
});
