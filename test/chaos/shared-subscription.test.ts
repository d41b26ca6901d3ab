import { delay, ensureBuilt, freePorts } from '../support/processes';
import { freshPostgresDatabase, postgresAvailable } from '../support/services';
import { ChaosSite } from './support/chaos-site';
import { LoadAgent } from './support/load-agent';
import { expectNothingLost, runLoadCase } from './support/load-case';
import { MosquittoBroker, mosquittoBinary } from './support/mosquitto-broker';

/**
 * Case 7 (docs/operations.md, "Fault-injection suite"): two central server instances on one
 * PostgreSQL database and one Mosquitto, sharing the ingest through a shared subscription
 * (MQTT_SHARE_GROUP), each with its own fixed MQTT_CLIENT_ID. (7.1) a new agent's birth and its
 * first statuses reach both at once; (7.2) under load one is SIGKILLed and started again 3 s
 * later while the other keeps ingesting.
 */
const SUITE = 'chaos shared subscriptions';
const binary = mosquittoBinary(SUITE);
const describeWithMosquitto = binary ? describe : describe.skip;

describeWithMosquitto('chaos: two central instances sharing the ingest, one killed', () => {
  let available = false;
  let site: ChaosSite;
  let broker: MosquittoBroker;
  let db: { url: string; drop(): Promise<void> };

  const instance = (name: 'a' | 'b', httpPort: number) => ({
    name: `central-${name}`,
    databaseUrl: db.url,
    mqttUrl: broker.url,
    httpPort,
    env: { MQTT_SHARE_GROUP: 'chaos-ingest', MQTT_CLIENT_ID: `chaos-central-${name}` },
  });

  beforeAll(async () => {
    available = await postgresAvailable();
    if (!available) return;
    await ensureBuilt();
    db = await freshPostgresDatabase();
    site = await ChaosSite.create();
    broker = new MosquittoBroker(site.group, binary!, site.dir, (await freePorts(1))[0]);
    await broker.start();
    // One after the other: the first runs the migrations.
    await site.startCentral(instance('a', site.httpPort));
    await site.startCentral(instance('b', site.spareHttpPort));
  }, 240_000);

  afterAll(async () => {
    await site?.close();
    broker?.cleanUp();
    await db?.drop();
  });

  it('case 7.1: an agent\'s first birth and statuses reaching two instances at once lose nothing acknowledged', async () => {
    if (!available) return;
    const branch = 'chaos-shared-birth';
    const agent = await LoadAgent.connect(broker.url, branch, await site.createBranch(branch));
    try {
      const result = await runLoadCase({
        order: 7.1,
        id: 'shared-subscription-first-birth',
        title: 'Two central instances ($share, PostgreSQL, Mosquitto): a new agent\'s birth and statuses at once, no fault',
        databaseUrl: db.url,
        agent,
        admin: () => site.admin,
        rejections: () => site.rejections(),
        fault: async () => undefined,
        notes: 'Both instances get the birth; the statuses are shared between them from the first one on.',
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);

  it('case 7.2: one of two instances SIGKILLed under load loses and doubles nothing acknowledged', async () => {
    if (!available) return;
    const branch = 'chaos-shared-kill';
    const credentials = await site.createBranch(branch);
    // Registered beforehand, so this case measures the kill and not the first birth (case 7.1).
    for (const id of LoadAgent.deviceIds(branch)) {
      const registered = await site.admin.post('/api/devices', { id, branchId: branch, kind: 'ticket-printer' });
      if (registered.status !== 201) throw new Error(`POST /api/devices ${id}: ${registered.status} ${registered.text}`);
    }
    const agent = await LoadAgent.connect(broker.url, branch, credentials);
    const before = site.rejections();
    try {
      const result = await runLoadCase({
        order: 7.2,
        id: 'shared-subscription-instance-killed',
        title: 'Two central instances ($share, PostgreSQL, Mosquitto): one SIGKILLed under load, restarted 3 s later',
        databaseUrl: db.url,
        agent,
        // The survivor answers the checks.
        admin: () => site.admin,
        rejections: () => site.rejections(),
        notes: () => `Devices registered through the API first. Rejections before this case: ${before || 'none'}.`,
        fault: async () => {
          const victim = site.group.running.find((p) => p.name === 'central-a')!;
          await victim.kill();
          await delay(3000);
          await site.startCentral({ ...instance('a', site.httpPort), name: 'central-a-restarted' });
        },
      });
      expectNothingLost(result);
    } finally {
      await agent.end();
    }
  }, 180_000);
});
