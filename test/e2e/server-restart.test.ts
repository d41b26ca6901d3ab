import * as fs from 'node:fs';
import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';
import { eventually } from '../support/eventually';
import { ChildProgram, ensureBuilt } from '../support/processes';
import { HttpClient } from '../support/http-client';
import { MOSQUITTO_URL, mosquittoAvailable } from '../support/services';
import { printerStatus } from '../support/test-agent';
import { ADMIN_PASSWORD, E2eFleet } from './e2e.harness';

const RATE_PER_S = 200;
const REPORT = process.env.RESTART_REPORT_FILE;

/**
 * 200 statuses/s at QoS 1 while the central server process is killed (SIGKILL) or stopped
 * (SIGTERM) and started again: every status the broker acknowledged is stored (issue 9,
 * defect 3). The publisher tracks each seq: sent, acknowledged before the stop, stored.
 */
describe('central server restart under load (embedded broker, SQLite)', () => {
  let fleet: E2eFleet;

  beforeAll(async () => {
    await ensureBuilt();
    fleet = await E2eFleet.create();
    await fleet.startCentral();
  }, 240_000);
  afterAll(async () => {
    await fleet?.close();
  });

  it.each(['SIGKILL', 'SIGTERM'] as const)('loses no acknowledged status on %s', async (signal) => {
    const branch = `BR-RST-${signal}-${Date.now().toString(36)}`;
    const device = `${branch}-TP1`;
    const credentials = await fleet.createBranch(branch);
    const publisher = await LoadPublisher.connect(fleet.mqttUrl, branch, credentials);
    try {
      await publisher.birth(device);
      await fleet.waitForDevice(device, () => undefined);
      const since = new Date().toISOString();
      publisher.start(device);
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const central = fleet.central!;
      if (signal === 'SIGKILL') await central.kill();
      else await central.stopCleanly(20_000);
      const ackedBeforeStop = new Set(publisher.acked);
      await new Promise((resolve) => setTimeout(resolve, 300)); // publishing goes on into the outage
      publisher.stop();
      await fleet.startCentral(`central-after-${signal}`);

      // The publisher sends again whatever was not acknowledged; wait until all of it is.
      await eventually(() => expect(publisher.acked.size).toBe(publisher.sent), 30_000, 200);
      const stored = await storedSeqs(fleet.admin, device, since);
      const lostAcked = [...ackedBeforeStop].filter((seq) => !stored.has(seq));
      const lost = publisher.sentSeqs.filter((seq) => !stored.has(seq));
      const line = `${signal}: sent ${publisher.sent}, acknowledged before the stop ${ackedBeforeStop.size}, stored ${stored.size}, acknowledged but lost ${lostAcked.length}, lost ${lost.length}`;
      process.stderr.write(`server-restart: ${line}\n`);
      if (REPORT) fs.appendFileSync(REPORT, `${line}\n`);
      expect(lostAcked).toEqual([]);
      expect(lost).toEqual([]);
    } finally {
      await publisher.end();
    }
  });
});

/**
 * The same with an external broker (Mosquitto) and a persistent session (`MQTT_CLIENT_ID`): the
 * centre's PUBACK to the broker waits for the write, so what a crash left unwritten is
 * redelivered by the broker to the next start.
 */
describe('central server restart under load (Mosquitto, persistent session, SQLite)', () => {
  let fleet: E2eFleet;
  let available = false;
  const clientId = `lobby-central-rst-${Date.now().toString(36)}`;

  beforeAll(async () => {
    available = await mosquittoAvailable();
    if (!available) return;
    await ensureBuilt();
    fleet = await E2eFleet.create();
  }, 240_000);
  afterAll(async () => {
    await fleet?.close();
  });

  const startCentral = async (name: string): Promise<{ central: ChildProgram; admin: HttpClient }> => {
    const central = fleet.group.node(name, 'central', {
      env: {
        HTTP_PORT: String(fleet.httpPort),
        HTTP_HOST: '127.0.0.1',
        MQTT_URL: MOSQUITTO_URL,
        MQTT_CLIENT_ID: clientId,
        DATABASE_URL: `sqlite:${fleet.databasePath}`,
        ADMIN_PASSWORD,
        FLEET_FILE: `${fleet.dir}/no-fleet.yaml`,
        LOG_LEVEL: 'info',
      },
    });
    await central.waitForMsg('central server ready', 30_000);
    return { central, admin: await new HttpClient(fleet.httpUrl).login('admin', ADMIN_PASSWORD) };
  };

  it.each(['SIGKILL', 'SIGTERM'] as const)('loses no status the broker acknowledged on %s', async (signal) => {
    if (!available) return;
    const branch = `BR-RSTM-${signal}-${Date.now().toString(36)}`;
    const device = `${branch}-TP1`;
    let { central, admin } = await startCentral(`central-mosquitto-${signal}`);
    expect((await admin.post('/api/branches', { id: branch, name: branch })).status).toBe(201);
    const publisher = await LoadPublisher.connect(MOSQUITTO_URL, branch);
    try {
      await publisher.birth(device);
      await eventually(async () => expect((await admin.get(`/api/devices/${device}`)).status).toBe(200));
      const since = new Date().toISOString();
      publisher.start(device);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      if (signal === 'SIGKILL') await central.kill();
      else await central.stopCleanly(20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      publisher.stop();
      ({ central, admin } = await startCentral(`central-mosquitto-after-${signal}`));
      await eventually(() => expect(publisher.acked.size).toBe(publisher.sent), 30_000, 200);
      const expected = publisher.sentSeqs;
      const stored = await eventually(async () => {
        const seqs = await storedSeqs(admin, device, since);
        expect(expected.filter((seq) => !seqs.has(seq))).toEqual([]);
        return seqs;
      }, 20_000, 200).catch(async (error: Error) => {
        const seqs = await storedSeqs(admin, device, since);
        process.stderr.write(`server-restart (Mosquitto) ${signal}: sent ${publisher.sent}, stored ${seqs.size}, lost ${expected.filter((seq) => !seqs.has(seq)).length}\n`);
        throw error;
      });
      process.stderr.write(`server-restart (Mosquitto) ${signal}: sent ${publisher.sent}, stored ${stored.size}, lost 0\n`);
    } finally {
      await publisher.end();
      await central.stopCleanly().catch(() => undefined);
    }
  });
});

/** A branch agent at a steady rate, over its own MQTT connection, remembering what was acked. */
class LoadPublisher {
  readonly acked = new Set<number>();
  readonly sentSeqs: number[] = [];
  private seq = 0;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly client: MqttClient,
    private readonly branch: string,
  ) {}

  static async connect(url: string, branch: string, credentials?: { username: string; password: string }): Promise<LoadPublisher> {
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 4,
      clientId: `agent-${branch}`,
      username: credentials?.username,
      password: credentials?.password,
      reconnectPeriod: 250,
      connectTimeout: 5000,
    });
    client.on('error', () => undefined);
    return new LoadPublisher(client, branch);
  }

  get sent(): number {
    return this.sentSeqs.length;
  }

  async birth(device: string): Promise<void> {
    const birth = { online: true, seq: ++this.seq, bootId: `boot-${this.branch}`, ts: new Date().toISOString(), agentVersion: 'test', devices: [{ id: device, kind: 'ticket-printer' }] };
    await this.client.publishAsync(Topics.agentState(this.branch), JSON.stringify(birth), { qos: 1, retain: true });
  }

  start(device: string): void {
    this.timer = setInterval(() => this.publish(device), 1000 / RATE_PER_S);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async end(): Promise<void> {
    this.stop();
    await this.client.endAsync(true);
  }

  private publish(device: string): void {
    const seq = ++this.seq;
    this.sentSeqs.push(seq);
    const payload = JSON.stringify({ seq, ts: new Date().toISOString(), ...printerStatus('ok', seq) });
    this.client.publish(Topics.deviceStatus(this.branch, device), payload, { qos: 1 }, (error) => {
      if (!error) this.acked.add(seq);
    });
  }
}

async function storedSeqs(admin: HttpClient, device: string, since: string): Promise<Set<number>> {
  const seqs = new Set<number>();
  let cursor: string | null = null;
  do {
    const query: string = `from=${encodeURIComponent(since)}&limit=10000${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await admin.get(`/api/devices/${device}/history?${query}`);
    if (response.status !== 200) throw new Error(`history: ${response.status} ${response.text}`);
    for (const status of response.body.statuses as { seq: number }[]) seqs.add(status.seq);
    cursor = response.body.next;
  } while (cursor);
  return seqs;
}
