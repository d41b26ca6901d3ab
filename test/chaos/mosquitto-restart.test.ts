import { ensureBuilt, freePorts } from '../support/processes';
import { ChaosSite } from './support/chaos-site';
import { LoadAgent } from './support/load-agent';
import { expectNothingLost, runLoadCase } from './support/load-case';
import { MosquittoBroker, mosquittoBinary } from './support/mosquitto-broker';

/**
 * Case 3 (docs/operations.md, "Fault-injection suite"): the central server on an external
 * Mosquitto (MQTT_URL, a fixed MQTT_CLIENT_ID so its session survives), Mosquitto restarted as a
 * service is (SIGTERM, start) while an agent publishes 200 statuses/s. The embedded broker's
 * restart is cases 1 and 2: it restarts with the server.
 */
const SUITE = 'chaos mosquitto restart';
const binary = mosquittoBinary(SUITE);
const describeWithMosquitto = binary ? describe : describe.skip;

describeWithMosquitto('chaos: Mosquitto restart under load', () => {
  let site: ChaosSite;
  let broker: MosquittoBroker;

  beforeAll(async () => {
    await ensureBuilt();
    site = await ChaosSite.create();
    broker = new MosquittoBroker(site.group, binary!, site.dir, (await freePorts(1))[0]);
    await broker.start();
    await site.startCentral({ mqttUrl: broker.url, env: { MQTT_CLIENT_ID: 'chaos-central-1' } });
  }, 240_000);

  afterAll(async () => {
    await site?.close();
    broker?.cleanUp();
  });

  it('case 3: Mosquitto restarted under load loses and doubles nothing acknowledged', async () => {
    const branch = 'chaos-mosquitto';
    const agent = await LoadAgent.connect(broker.url, branch, await site.createBranch(branch));
    try {
      const result = await runLoadCase({
        order: 3,
        id: 'mosquitto-restart',
        title: 'Mosquitto restarted (SIGTERM, start) under load; central server with a persistent session',
        databaseUrl: site.sqliteUrl,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        fault: () => broker.restart('SIGTERM'),
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);
});
