import mqtt, { MqttClient } from 'mqtt';
import { Topics } from '@lobby/contracts';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

/** How long the broker gets to drop a connection that broke the ACL. */
const ACL_WAIT_MS = 5_000;

/**
 * Resolves when the broker drops `client` (MQTT 3.1.1 has no negative PUBACK: dropping the
 * connection is the refusal). An ACL that lets the publish through fails here, within
 * ACL_WAIT_MS and saying so, not as a runner timeout. Call it before publishing.
 */
function droppedWithin(client: MqttClient, breach: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ACL breach: ${breach} was not refused: the broker kept the connection for ${ACL_WAIT_MS} ms`)), ACL_WAIT_MS);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('embedded broker: agent authentication and topic ACL', () => {
  let central: TestCentral;
  let credsA: { username: string; password: string };
  let credsB: { username: string; password: string };
  const A = 'BR-SEC-A';
  const B = 'BR-SEC-B';

  beforeAll(async () => {
    central = await new TestCentral().start();
    credsA = await central.branch(A);
    credsB = await central.branch(B);
    const agentB = await TestAgent.connect(central.mqttUrl, B, credsB);
    await agentB.birth([{ id: 'TP-SEC-B', kind: 'ticket-printer' }]);
    await agentB.status('TP-SEC-B', printerStatus('ok', 1));
    await agentB.end();
    await eventually(async () => expect((await central.admin.get('/api/devices/TP-SEC-B')).body.state).toBe('ok'));
  });
  afterAll(async () => central?.stop());

  const connect = (username?: string, password?: string, clientId = `agent-${A}.${Math.random().toString(36).slice(2, 8)}`) =>
    mqtt.connectAsync(central.mqttUrl, { protocolVersion: 4, username, password, clientId, reconnectPeriod: 0, connectTimeout: 5000 });

  it('refuses wrong, unknown and missing credentials', async () => {
    await expect(connect(A, 'wrong-secret')).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(connect('BR-NOBODY', 'x')).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(connect()).rejects.toThrow(/Bad username or password|Not authorized/i);
  });

  it('refuses a client id of another branch, so one branch cannot take over another’s session', async () => {
    const agentB = await TestAgent.connect(central.mqttUrl, B, credsB, { clientId: `agent-${B}` });
    await agentB.birth([{ id: 'TP-SEC-B', kind: 'ticket-printer' }]);
    await eventually(async () => expect((await central.admin.get(`/api/branches/${B}`)).body.agent?.online).toBe(true));
    let bClosed = false;
    agentB.client.once('close', () => (bClosed = true));

    for (const clientId of [`agent-${B}`, `agent-${B}.x`, `agent-${A}X`, 'mqttjs_free', `agent-${A}-2`]) {
      await expect(connect(credsA.username, credsA.password, clientId)).rejects.toThrow(/Identifier rejected/i);
    }
    // A's own ids are fine: exact, or with a suffix after a character no branch id contains.
    for (const clientId of [`agent-${A}`, `agent-${A}.spare`]) {
      const own = await connect(credsA.username, credsA.password, clientId);
      await own.endAsync();
    }
    expect(bClosed).toBe(false);
    expect(agentB.client.connected).toBe(true);
    expect((await central.admin.get(`/api/branches/${B}`)).body.agent?.online).toBe(true);
    await agentB.end();
  });

  it('keeps an agent from publishing into another branch', async () => {
    const client = await connect(credsA.username, credsA.password);
    const dropped = droppedWithin(client, `branch ${A}'s agent publishing a status of branch ${B}`);
    client.publish(Topics.deviceStatus(B, 'TP-SEC-B'), JSON.stringify({ ...printerStatus('out', 99), seq: 5000, ts: new Date().toISOString() }), { qos: 1 });
    try {
      await dropped;
    } finally {
      await client.endAsync(true);
    }
    // B's own next status, published after: once it is stored, the foreign one would have been too.
    const agentB = await TestAgent.connect(central.mqttUrl, B, credsB);
    await agentB.status('TP-SEC-B', printerStatus('ok', 2), { seq: 10 });
    await agentB.end();
    const counters = await eventually(async () => {
      const history = await central.admin.get('/api/devices/TP-SEC-B/history');
      const stored = (history.body.statuses as Array<{ counters: { ticketsPrinted: number } }>).map((s) => s.counters.ticketsPrinted);
      expect(stored).toContain(2);
      return stored;
    });
    expect(counters).not.toContain(99);
    expect((await central.admin.get('/api/devices/TP-SEC-B')).body).toMatchObject({ state: 'ok', counters: { ticketsPrinted: 2 } });
  });

  it('keeps an agent from publishing commands or the centre’s state', async () => {
    for (const topic of [Topics.deviceCmd(A, 'TP-X'), Topics.centralState()]) {
      const client = await connect(credsA.username, credsA.password);
      const dropped = droppedWithin(client, `branch ${A}'s agent publishing on ${topic}`);
      client.publish(topic, '{"online":false}', { qos: 1 });
      try {
        await dropped;
      } finally {
        await client.endAsync(true);
      }
    }
    expect((await central.http.get('/api/health')).body.mqtt).toBe('up');
  });

  it('lets an agent subscribe only to the centre’s state and its own commands', async () => {
    const client = await connect(credsA.username, credsA.password);
    await expect(client.subscribeAsync(Topics.centralState())).resolves.toEqual([expect.objectContaining({ qos: 0 })]);
    await expect(client.subscribeAsync(`lobby/v1/${A}/device/+/cmd`)).resolves.toEqual([expect.objectContaining({ qos: 0 })]);
    // A refused filter gets SUBACK 0x80, which mqtt.js reports as a subscribe error.
    await expect(client.subscribeAsync(`lobby/v1/${B}/device/+/cmd`)).rejects.toThrow(/Subscribe error/);
    await expect(client.subscribeAsync('lobby/v1/#')).rejects.toThrow(/Subscribe error/);
    await client.endAsync();
  });

  it('disconnects the old session when the branch gets new credentials', async () => {
    const client = await connect(credsA.username, credsA.password);
    const dropped = droppedWithin(client, `branch ${A}'s agent staying connected with replaced credentials`);
    const renewed = await central.admin.post(`/api/branches/${A}/agent-credentials`);
    expect(renewed.status).toBe(201);
    try {
      await dropped;
    } finally {
      await client.endAsync(true);
    }
    await expect(connect(credsA.username, credsA.password)).rejects.toThrow(/Bad username or password/i);
    const fresh = await connect(renewed.body.username, renewed.body.password);
    expect(fresh.connected).toBe(true);
    await fresh.endAsync();
  });
});
