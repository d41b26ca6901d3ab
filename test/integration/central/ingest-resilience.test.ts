import { DataSource } from 'typeorm';
import { Topics } from '@lobby/contracts';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

/**
 * One bad message or one refused row must not stop writes for anyone; an agent's clock and
 * counters must not distort what others see (issue 9, defects 1, 5, 6). SQLite + embedded broker.
 */
async function within<T>(promise: Promise<T>, ms: number, failure: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(failure)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('ingest holds against poison messages, refused rows, bad clocks and absurd seqs', () => {
  const run = Date.now().toString(36);
  const A = `BR-RES-A-${run}`;
  const B = `BR-RES-B-${run}`;
  const TP_A = `${A}-TP1`;
  const TP_B = `${B}-TP1`;
  let central: TestCentral;
  let agentA: TestAgent;
  let agentB: TestAgent;

  beforeAll(async () => {
    central = await new TestCentral({ env: { BRANCH_MAX_DEVICES: '3' } }).start();
    agentA = await TestAgent.connect(central.mqttUrl, A, await central.branch(A));
    agentB = await TestAgent.connect(central.mqttUrl, B, await central.branch(B));
    await agentA.birth([{ id: TP_A, kind: 'ticket-printer' }]);
    await agentB.birth([{ id: TP_B, kind: 'ticket-printer' }]);
  });
  afterAll(async () => {
    await agentA?.end();
    await agentB?.end();
    await central?.stop();
  });

  const ticketsOf = async (id: string) => (await central.admin.get(`/api/devices/${id}`)).body.counters?.ticketsPrinted;
  const eventTypes = async (id: string) => ((await central.admin.get(`/api/devices/${id}/history`)).body.events as { data: { n?: number } }[]).map((e) => e.data.n);

  it('rejects and counts a 20 KB agent event nesting 10,000 arrays, and goes on storing every branch', async () => {
    const rejected = await central.metric('lobby_mqtt_messages_rejected_total', 'reason="invalid-payload"');
    const nested = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    await agentA.raw(Topics.agentEvent(A), `{"seq":${agentA.nextSeq()},"ts":"${new Date().toISOString()}","type":"config.invalid","data":{"x":${nested}}}`);
    await agentB.status(TP_B, printerStatus('ok', 11));
    await agentA.status(TP_A, printerStatus('ok', 12));
    await eventually(async () => expect([await ticketsOf(TP_B), await ticketsOf(TP_A)]).toEqual([11, 12]), 10_000).catch(() => {
      throw new Error('statuses published after the poison message were never stored: ingest is stalled');
    });
    expect(await central.metric('lobby_mqtt_messages_rejected_total', 'reason="invalid-payload"')).toBe(rejected + 1);
    expect((await central.http.get('/api/health')).body).toEqual({ status: 'ok', mqtt: 'up', db: 'up' });
  });

  it('sets aside one row the database refuses, counts it, and writes the rest of its batch', async () => {
    const db = central.server.app.get(DataSource);
    await db.query(`CREATE TRIGGER poison_row BEFORE INSERT ON fleet_event WHEN NEW.data LIKE '%"poison"%' BEGIN SELECT RAISE(ABORT, 'poison row'); END`);
    try {
      const ts = new Date().toISOString();
      const event = (agent: TestAgent, device: string, data: object) =>
        agent.raw(Topics.deviceEvent(agent.branchId, device), JSON.stringify({ seq: agent.nextSeq(), ts, type: 'door.opened', data }));
      // Published together so that they share one batch.
      const published = Promise.all([event(agentA, TP_A, { n: 1 }), event(agentA, TP_A, { n: 2, poison: true }), event(agentB, TP_B, { n: 3 }), event(agentA, TP_A, { n: 4 })]);
      await within(published, 10_000, 'the broker never acknowledged the batch around the refused row: it is retried forever');
      await eventually(async () => {
        expect(await eventTypes(TP_A)).toEqual(expect.arrayContaining([1, 4]));
        expect(await eventTypes(TP_B)).toEqual(expect.arrayContaining([3]));
      }, 10_000);
      expect(await eventTypes(TP_A)).not.toContain(2);
      const [{ count }] = await db.query(`SELECT COUNT(*) AS count FROM ingest_dead_letter WHERE kind = 'event' AND payload LIKE '%poison%'`);
      expect(Number(count)).toBe(1);
      expect(await central.metric('lobby_ingest_dead_letters_total', 'kind="event"')).toBe(1);
      // Never retried: later statuses keep flowing and nothing more is set aside.
      await agentA.status(TP_A, printerStatus('ok', 13));
      await eventually(async () => expect(await ticketsOf(TP_A)).toBe(13));
      expect(await central.metric('lobby_ingest_dead_letters_total', 'kind="event"')).toBe(1);
      expect((await central.http.get('/api/health')).body.status).toBe('ok');
    } finally {
      await db.query('DROP TRIGGER poison_row');
    }
  });

  it('clamps a status dated year 9999 to receipt time, so later true statuses still apply', async () => {
    const before = await central.metric('lobby_ingest_future_timestamps_total');
    await agentA.status(TP_A, printerStatus('out', 20), { ts: '9999-12-31T23:59:59.000Z' });
    await eventually(async () => expect(await ticketsOf(TP_A)).toBe(20));
    expect(await central.metric('lobby_ingest_future_timestamps_total')).toBe(before + 1);
    await agentA.status(TP_A, printerStatus('ok', 21));
    await eventually(async () => expect(await ticketsOf(TP_A)).toBe(21), 5000).catch(() => {
      throw new Error('a true status after the one dated 9999 was not applied: live state is frozen');
    });
    expect((await central.admin.get(`/api/devices/${TP_A}`)).body.state).toBe('ok');
  });

  it('registers at most BRANCH_MAX_DEVICES devices from births and counts the refused ones', async () => {
    const refused = await central.metric('lobby_birth_devices_refused_total');
    const devices = [TP_B, ...[2, 3, 4, 5].map((n) => `${B}-TP${n}`)].map((id) => ({ id, kind: 'ticket-printer' }));
    await agentB.birth(devices);
    await eventually(async () => expect(await central.metric('lobby_birth_devices_refused_total')).toBe(refused + 2));
    const listed = await central.admin.get(`/api/devices?branch=${B}`);
    expect(listed.body.total).toBe(3);
    expect(await central.metric('lobby_mqtt_messages_rejected_total', 'reason="device-limit"')).toBe(1);
  });

  it('does not count one absurd seq as trillions of missing numbers', async () => {
    const gaps = await central.metric('lobby_seq_gap_numbers_total');
    const jumps = await central.metric('lobby_seq_jumps_total');
    await agentA.status(TP_A, printerStatus('ok', 30), { seq: 5_000_000_000_000 });
    await eventually(async () => expect(await ticketsOf(TP_A)).toBe(30));
    expect(await central.metric('lobby_seq_jumps_total')).toBe(jumps + 1);
    expect(await central.metric('lobby_seq_gap_numbers_total')).toBeLessThan(gaps + 1000);
    // The agent's true numbers that follow are still stored (the database de-duplicates them).
    await agentA.status(TP_A, printerStatus('ok', 31));
    await eventually(async () => expect(await ticketsOf(TP_A)).toBe(31));
  });
  it('pages a device history: `limit` rows of each list, `next` until the end, and a bounded range', async () => {
    const device = `${B}-TP2`;
    const published: number[] = [];
    for (let n = 100; n < 107; n++) {
      await agentB.status(device, printerStatus('ok', n));
      published.push(n);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { status: number; body: { statuses: { counters: { ticketsPrinted: number } }[]; next: string | null } } = await central.admin.get(`/api/devices/${device}/history?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.statuses.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.statuses.map((s: { counters: { ticketsPrinted: number } }) => s.counters.ticketsPrinted));
      cursor = response.body.next;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(published);
    expect(pages).toBe(3);
    const from = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    expect((await central.admin.get(`/api/devices/${device}/history?from=${encodeURIComponent(from)}`)).status).toBe(400);
    expect((await central.admin.get(`/api/devices/${device}/history?limit=10001`)).status).toBe(400);
    expect((await central.admin.get(`/api/devices/${device}/history?cursor=nonsense`)).status).toBe(400);
  });
});
