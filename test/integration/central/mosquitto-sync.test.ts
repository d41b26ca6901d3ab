import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { writeMosquittoFiles } from '@lobby/access';
import { eventually } from '../../support/eventually';
import { portOpen } from '../../support/services';
import { TestCentral } from '../../support/test-central';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The password file and ACL `npm run mosquitto:sync` writes, loaded by a real Mosquitto. */
describe('mosquitto:sync files in a real Mosquitto', () => {
  const A = 'BR-MQS-A';
  const B = 'BR-MQS-B';
  const CENTRAL = { username: 'lobby-central', password: 'central-secret-123' };
  const dir = mkdtempSync(join(tmpdir(), 'lobby-mosquitto-'));
  let central: TestCentral;
  let broker: ChildProcess;
  let url: string;
  let credsA: { username: string; password: string };
  let credsB: { username: string; password: string };
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    central = await new TestCentral().start();
    credsA = await central.branch(A);
    credsB = await central.branch(B);
    const result = await writeMosquittoFiles(central.server.app.get(DataSource), dir, CENTRAL);
    expect(result.agents).toEqual([A, B]);
    expect(statSync(result.passwordFile).mode & 0o777).toBe(0o600);
    const port = await freePort();
    url = `mqtt://127.0.0.1:${port}`;
    // Agents' client ids are bound to their username, so one branch cannot take over another's session.
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        // Started as root (CI containers), Mosquitto would switch to user mosquitto, who cannot read
        // this test's private directory; in production chown the files to the broker's user.
        ...(process.getuid?.() === 0 ? ['user root'] : []),
        `listener ${port} 127.0.0.1`, 'allow_anonymous false', 'use_username_as_clientid true', `password_file ${result.passwordFile}`, `acl_file ${result.aclFile}`, ''].join('\n'),
    );
    broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    broker.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually(async () => expect([await portOpen('127.0.0.1', port), stderr]).toEqual([true, stderr]), 10_000);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    broker?.kill();
    await central?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = async (creds: { username: string; password: string }, clientId?: string) => {
    const client = await mqtt.connectAsync(url, { protocolVersion: 4, ...creds, clientId, reconnectPeriod: 0, connectTimeout: 5000 });
    clients.push(client);
    return client;
  };

  it('lets agents and the centre in with their secrets, nobody else', async () => {
    await expect(connect({ username: A, password: 'wrong' })).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(connect({ username: 'nobody', password: 'x' })).rejects.toThrow(/Not authorized|Bad username/i);
    expect((await connect(credsA)).connected).toBe(true);
    expect((await connect(CENTRAL)).connected).toBe(true);
  });

  it('confines an agent to its branch', async () => {
    const watcher = await connect(CENTRAL);
    const seen: string[] = [];
    watcher.on('message', (topic) => seen.push(topic));
    await watcher.subscribeAsync('lobby/v1/#', { qos: 1 });
    const agentA = await connect(credsA);
    const heardByA: string[] = [];
    agentA.on('message', (topic) => heardByA.push(topic));
    // Mosquitto 2.0 grants a denied filter but delivers nothing through it.
    await agentA.subscribeAsync([`lobby/v1/${A}/device/+/cmd`, `lobby/v1/${B}/device/+/cmd`, 'lobby/v1/#'], { qos: 1 });
    await watcher.publishAsync(`lobby/v1/${B}/device/TP-2/cmd`, '{}', { qos: 1 });
    await watcher.publishAsync(`lobby/v1/${B}/device/TP-2/status`, '{}', { qos: 1 });
    await watcher.publishAsync(`lobby/v1/${A}/device/TP-2/cmd`, '{}', { qos: 1 });
    await eventually(() => expect(heardByA).toContain(`lobby/v1/${A}/device/TP-2/cmd`));
    expect(heardByA.filter((t) => t.includes(B))).toEqual([]);
    await agentA.publishAsync(`lobby/v1/${B}/device/TP-1/status`, '{"forged":true}', { qos: 1 });
    await agentA.publishAsync(`lobby/v1/${A}/device/TP-1/cmd`, '{"forged":true}', { qos: 1 });
    await agentA.publishAsync(`lobby/v1/${A}/device/TP-1/status`, '{"ok":true}', { qos: 1 });
    // The allowed status arrives after the refused ones were sent on the same connection.
    await eventually(() => expect(seen).toContain(`lobby/v1/${A}/device/TP-1/status`));
    expect(seen).not.toContain(`lobby/v1/${B}/device/TP-1/status`);
    expect(seen).not.toContain(`lobby/v1/${A}/device/TP-1/cmd`);
  });

  it('binds client ids: A asking for B’s id does not take over B’s session', async () => {
    const agentB = await connect(credsB, `agent-${B}`);
    let bClosed = false;
    agentB.on('close', () => (bClosed = true));
    const intruder = await connect(credsA, `agent-${B}`);
    await intruder.publishAsync(`lobby/v1/${A}/agent/state`, '{}', { qos: 1 }); // a round trip after the CONNECT
    expect(bClosed).toBe(false);
    expect(agentB.connected).toBe(true);
  });
});
