import { eventually } from '../../support/eventually';
import { TestCentral } from '../../support/test-central';
import { printerStatus, TestAgent } from '../../support/test-agent';

/**
 * SQLite has one connection shared by every caller: transactions must take turns. Without that,
 * issuing agent credentials (a transaction) while the ingest batch writes (another) failed with
 * "Transaction is not started yet" and a 500.
 */
describe('SQLite under concurrent writers', () => {
  let central: TestCentral;
  beforeAll(async () => {
    central = await new TestCentral().start();
  });
  afterAll(async () => central?.stop());

  it('serves admin writes while a burst of statuses is being written', async () => {
    const credentials = await central.branch('BR-CONC');
    const agent = await TestAgent.connect(central.mqttUrl, 'BR-CONC', credentials);
    const devices = Array.from({ length: 20 }, (_, i) => ({ id: `CONC-${i}`, kind: 'ticket-printer' }));
    await agent.birth(devices);
    const burst = (async () => {
      for (let round = 1; round <= 15; round++) await Promise.all(devices.map((d) => agent.status(d.id, printerStatus('ok', round))));
    })();
    const writes = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => central.admin.post('/api/branches', { id: `BR-CONC-${i}`, name: `c${i}` })),
      ...Array.from({ length: 8 }, () => central.admin.post('/api/branches/BR-CONC-0/agent-credentials')),
      ...Array.from({ length: 8 }, (_, i) => central.admin.post('/api/users', { username: `conc${i}`, password: 'password-1', role: 'maintenance', branches: ['BR-CONC'] })),
    ]);
    await burst;
    // Branch BR-CONC-0 may not exist yet when its first credential requests arrive: 404 is fine there.
    expect(writes.map((w) => w.status).filter((s) => s >= 500)).toEqual([]);
    await eventually(async () => {
      const list = await central.admin.get('/api/devices?branch=BR-CONC&limit=100');
      expect(list.body.items.every((d: { counters: { ticketsPrinted: number } }) => d.counters?.ticketsPrinted === 15)).toBe(true);
    });
    await agent.end();
  });
});
