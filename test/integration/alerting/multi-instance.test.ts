import { eventually } from '../../support/eventually';
import { HttpClient } from '../../support/http-client';
import { ChildProgram, ensureBuilt, freePorts, ProcessGroup } from '../../support/processes';
import { freshPostgresDatabase, postgresAvailable } from '../../support/services';
import { TestAgent } from '../../support/test-agent';
import { mosquittoBinaryAvailable, startMosquitto } from './mosquitto';
import { printer, StreamReader } from './support';

jest.setTimeout(300_000);

const ADMIN_PASSWORD = 'admin-password-1';
const BRANCH = 'BR-MULTI';
const DEVICE = 'TP-MULTI';

/**
 * Done when: 1,000 identical fault statuses give exactly one alert and one task with two
 * central-server processes on Mosquitto + PostgreSQL sharing the load ($share subscriptions);
 * and an event raised on one instance reaches the streams held by the other.
 */
describe('two central-server processes on PostgreSQL and Mosquitto', () => {
  const group = new ProcessGroup();
  let available = false;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let mosquitto: Awaited<ReturnType<typeof startMosquitto>> | undefined;
  const centrals: { program: ChildProgram; http: HttpClient; admin?: HttpClient }[] = [];

  beforeAll(async () => {
    available = (await postgresAvailable()) && (await mosquittoBinaryAvailable());
    if (!available) return;
    await ensureBuilt();
    db = await freshPostgresDatabase();
    mosquitto = await startMosquitto(group);
    const [http1, http2] = await freePorts(2);
    // One after the other: the first runs the migrations on the fresh database.
    for (const [i, port] of [http1, http2].entries()) {
      const program = group.node(`central-${i + 1}`, 'central', {
        env: {
          DATABASE_URL: db.url,
          MQTT_URL: mosquitto.url,
          MQTT_SHARE_GROUP: 'central',
          MQTT_CLIENT_ID: `lobby-central-it-${i + 1}-${process.pid}`,
          HTTP_PORT: String(port),
          HTTP_HOST: '127.0.0.1',
          ADMIN_PASSWORD,
          JWT_SECRET: 'a-shared-secret-of-enough-length',
          FLEET_FILE: '/nonexistent/fleet.yaml',
          LOG_LEVEL: 'warn',
        },
      });
      const http = new HttpClient(`http://127.0.0.1:${port}`);
      await eventually(async () => {
        if (!program.running) throw new Error(`central-${i + 1} exited\n${program.output()}`);
        const health = await http.get('/api/health');
        if (health.status !== 200 || health.body.mqtt !== 'up') throw new Error(`central-${i + 1} not ready: ${health.text}`);
      }, 60_000);
      centrals.push({ program, http, admin: await http.login('admin', ADMIN_PASSWORD) });
    }
  }, 300_000);

  afterAll(async () => {
    for (const central of centrals) await central.program.stopCleanly().catch(() => undefined);
    await group.killAll();
    mosquitto?.cleanup();
    await db?.drop().catch(() => undefined);
  });

  async function receivedStatuses(): Promise<number[]> {
    return Promise.all(
      centrals.map(async ({ http }) => {
        const line = (await http.get('/metrics')).text.split('\n').find((l) => l.startsWith('lobby_mqtt_messages_received_total{type="device-status"} '));
        return line ? Number(line.split(' ').pop()) : 0;
      }),
    );
  }

  it('gives exactly one alert and one task for 1,000 identical fault statuses, and both streams hear of it once', async () => {
    if (!available) return;
    const [one, two] = centrals.map(({ http, admin }) => ({ http, admin: admin! }));
    if (!one || !two) throw new Error('two centrals expected');
    expect((await one.admin.post('/api/branches', { id: BRANCH, name: 'Multi' })).status).toBe(201);
    const token = (client: HttpClient) => (client as unknown as { token: string }).token;
    const streams = await Promise.all([StreamReader.open(one.http.baseUrl, token(one.admin)), StreamReader.open(two.http.baseUrl, token(two.admin))]);
    try {
      const agent = await TestAgent.connect(mosquitto!.url, BRANCH);
      await agent.birth([{ id: DEVICE, kind: 'ticket-printer' }]);
      for (const { admin } of [one, two]) await eventually(async () => expect((await admin.get(`/api/devices/${DEVICE}`)).status).toBe(200), 20_000);

      const fault = printer({ state: 'fault', faults: ['cutter-error'] });
      await Promise.all(Array.from({ length: 1000 }, () => agent.status(DEVICE, fault)));
      await eventually(async () => expect((await receivedStatuses()).reduce((a, b) => a + b, 0)).toBe(1000), 60_000);
      const split = await receivedStatuses();
      expect(split.every((n) => n > 0)).toBe(true); // the shared subscription spread the burst over both

      for (const { admin } of [one, two]) {
        await eventually(async () => {
          expect((await admin.get(`/api/alerts?device=${DEVICE}`)).body.items.map((a: { type: string; code: string }) => [a.type, a.code])).toEqual([['fault', 'cutter-error']]);
          expect((await admin.get(`/api/tasks?device=${DEVICE}`)).body.items.map((t: { problem: string }) => t.problem)).toEqual(['fault:cutter-error']);
        }, 20_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await one.admin.get(`/api/alerts?device=${DEVICE}`)).body.total).toBe(1);
      expect((await two.admin.get(`/api/tasks?device=${DEVICE}`)).body.total).toBe(1);

      const alertId = (await one.admin.get(`/api/alerts?device=${DEVICE}`)).body.items[0].id as string;
      for (const stream of streams) {
        await eventually(() => expect(stream.of('alert').filter((e) => e.data.deviceId === DEVICE).map((e) => e.data.id)).toEqual([alertId]), 10_000);
        await eventually(() => expect(stream.of('task').filter((e) => e.data.deviceId === DEVICE)).toHaveLength(1), 10_000);
      }
      await agent.end();
    } finally {
      streams.forEach((s) => s.close());
    }
  });
});
