import { createServer, Server } from 'node:net';
import { MqttLink } from '../../../libs/edge/src/mqtt/mqtt-link';
import { JsonLogger } from '@lobby/platform';
import { eventually } from '../../support/eventually';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBroker } = require('aedes') as typeof import('aedes');

/**
 * mqtt.js stops reconnecting for good after one refused CONNECT. The centre refuses an agent
 * for a moment when its database is down (found by the chaos suite: the agent never came back
 * after a 30 s PostgreSQL outage). The agent must keep trying and get in once it is let in.
 */
describe('an agent refused at CONNECT', () => {
  let server: Server;
  let broker: ReturnType<typeof createBroker>;
  let refusals = 0;
  let link: MqttLink;

  beforeAll(async () => {
    broker = createBroker({
      authenticate: (_client, _username, _password, done) => {
        if (refusals < 2) {
          refusals++;
          return done(Object.assign(new Error('server unavailable'), { returnCode: 3 }), false);
        }
        done(null, true);
      },
    });
    server = createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await link?.end(true);
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps reconnecting and connects once the broker lets it in', async () => {
    const port = (server.address() as { port: number }).port;
    link = new MqttLink(
      { url: `mqtt://127.0.0.1:${port}`, username: 'BR-1', password: 'secret', clientId: 'agent-BR-1', reconnectPeriodMs: 100, will: { topic: 'lobby/v1/BR-1/agent/state', payload: '{"online":false}', qos: 1, retain: true } },
      new JsonLogger('test', 'error'),
    );
    link.start();
    await eventually(() => expect({ refusals, connected: link.connected }).toEqual({ refusals: 2, connected: true }), 10_000);
  });
});
