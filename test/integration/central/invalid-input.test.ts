import { Topics } from '@lobby/contracts';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

describe('invalid MQTT payloads are rejected and counted, and ingest goes on', () => {
  let central: TestCentral;
  let agentA: TestAgent;
  const A = 'BR-INV-A';
  const B = 'BR-INV-B';

  beforeAll(async () => {
    central = await new TestCentral().start();
    const credsA = await central.branch(A);
    const credsB = await central.branch(B);
    agentA = await TestAgent.connect(central.mqttUrl, A, credsA);
    const agentB = await TestAgent.connect(central.mqttUrl, B, credsB);
    await agentB.birth([{ id: 'TP-B', kind: 'ticket-printer' }]);
    await agentB.end();
    await agentA.birth([{ id: 'TP-A', kind: 'ticket-printer' }]);
    await agentA.status('TP-A', printerStatus('ok', 1));
    await eventually(async () => expect((await central.admin.get('/api/devices/TP-A')).body.state).toBe('ok'));
  });
  afterAll(async () => {
    await agentA?.end();
    await central?.stop();
  });

  const rejected = (reason: string) => central.metric('lobby_mqtt_messages_rejected_total', `reason="${reason}"`);

  it.each([
    ['not JSON', 'invalid-json', () => '{"seq": 1, oops'],
    ['wrong types', 'invalid-payload', () => JSON.stringify({ ...printerStatus('ok'), seq: 'seven', ts: new Date().toISOString() })],
    ['a known field of the wrong type', 'invalid-payload', () => JSON.stringify({ ...printerStatus('ok'), seq: 900, ts: new Date().toISOString(), consumables: { paper: { level: 5 } } })],
    ['an unknown fault code', 'invalid-payload', () => JSON.stringify({ ...printerStatus('ok'), seq: 901, ts: new Date().toISOString(), faults: ['on-fire'] })],
    ['an unknown kind', 'invalid-payload', () => JSON.stringify({ ...printerStatus('ok'), seq: 902, ts: new Date().toISOString(), kind: 'toaster' })],
    ['a 1 MiB payload', 'oversize', () => JSON.stringify({ ...printerStatus('ok'), seq: 903, ts: new Date().toISOString(), padding: 'x'.repeat(1024 * 1024) })],
  ])('rejects %s as %s', async (_name, reason, payload) => {
    const before = await rejected(reason);
    await agentA.raw(Topics.deviceStatus(A, 'TP-A'), payload());
    await eventually(async () => expect(await rejected(reason)).toBe(before + 1));
    const device = await central.admin.get('/api/devices/TP-A');
    expect(device.body).toMatchObject({ state: 'ok', counters: { ticketsPrinted: 1 } });
  });

  it('rejects a status for a device of another branch, published on the own branch topic', async () => {
    const before = await rejected('foreign-device');
    await agentA.raw(Topics.deviceStatus(A, 'TP-B'), JSON.stringify({ ...printerStatus('out'), seq: agentA.nextSeq(), ts: new Date().toISOString() }));
    await eventually(async () => expect(await rejected('foreign-device')).toBe(before + 1));
    expect((await central.admin.get('/api/devices/TP-B')).body.state).toBeNull();
  });

  it('refuses a birth that claims another branch’s device', async () => {
    const before = await rejected('foreign-device');
    await agentA.birth([{ id: 'TP-A', kind: 'ticket-printer' }, { id: 'TP-B', kind: 'ticket-printer' }]);
    await eventually(async () => expect(await rejected('foreign-device')).toBe(before + 1));
    expect((await central.admin.get('/api/devices/TP-B')).body.branchId).toBe(B);
  });

  it('rejects a status for an unknown device and for an unknown branch', async () => {
    const unknownDevice = await rejected('unknown-device');
    await agentA.raw(Topics.deviceStatus(A, 'NOPE'), JSON.stringify({ ...printerStatus('ok'), seq: agentA.nextSeq(), ts: new Date().toISOString() }));
    await eventually(async () => expect(await rejected('unknown-device')).toBe(unknownDevice + 1));

    // The broker ACL keeps an agent inside its branch, so an unknown branch can only come from a
    // broker without our ACL (an external one): publish as the server would receive it.
    const unknownBranch = await rejected('unknown-branch');
    const ingest = central.server.app.get((await import('@lobby/fleet')).IngestService);
    const outcome = await ingest.handle(Topics.deviceStatus('BR-NOWHERE', 'X'), Buffer.from(JSON.stringify({ ...printerStatus('ok'), seq: 1, ts: new Date().toISOString() })));
    expect(outcome).toMatchObject({ ok: false, reason: 'unknown-branch' });
    expect(await rejected('unknown-branch')).toBe(unknownBranch + 1);
  });

  it('still ingests valid statuses after all that', async () => {
    await agentA.status('TP-A', printerStatus('low', 7));
    await eventually(async () => expect((await central.admin.get('/api/devices/TP-A')).body).toMatchObject({ state: 'warning', counters: { ticketsPrinted: 7 } }));
    const health = await central.http.get('/api/health');
    expect(health.body).toEqual({ status: 'ok', mqtt: 'up', db: 'up' });
  });
});
