import { DataSource } from 'typeorm';
import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

/**
 * With several instances sharing the ingest, a device's first statuses can reach an instance
 * before the birth that registers the device is stored (found by the chaos suite: two instances,
 * statuses right after a new agent's first birth refused as unknown although acknowledged).
 * Here "another instance" registers the device straight in the database while a status for it
 * is on its way: the status must be stored, not refused.
 */
describe('a status racing its device birth', () => {
  const run = Date.now().toString(36);
  const BRANCH = `BR-LATE-${run}`;
  const DEVICE = `${BRANCH}-TP1`;
  let central: TestCentral;
  let agent: TestAgent;

  beforeAll(async () => {
    central = await new TestCentral().start();
    agent = await TestAgent.connect(central.mqttUrl, BRANCH, await central.branch(BRANCH));
  });
  afterAll(async () => {
    await agent?.end();
    await central?.stop();
  });

  it('is stored once the other instance has registered the device a moment later', async () => {
    const db = central.server.app.get(DataSource);
    const sent = agent.status(DEVICE, printerStatus('low', 4242));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await db.query(
      `INSERT INTO device (id, branch_id, kind, settings, decommissioned, reported, registered_by, created_at) VALUES ('${DEVICE}', '${BRANCH}', 'ticket-printer', '{}', false, true, 'birth', ${Date.now()})`,
    );
    await sent;
    await eventually(async () => {
      const device = await central.admin.get(`/api/devices/${DEVICE}`);
      expect(device.status).toBe(200);
      expect(device.body.counters).toEqual({ ticketsPrinted: 4242 });
    }, 10_000);
  });
});
