import type { Logger } from 'typeorm';
import { DataSource } from 'typeorm';
import { AlertingCentral, printer } from './support';

/** The SELECTs that read fleet's device, branch or agent tables. */
const FLEET_READ = /^\s*SELECT[\s\S]*\bFROM\s+"(device|branch|agent)"/i;

/**
 * Done when: alerting reads fleet facts from fleet's cache, not from the database: evaluating a
 * status reads no device, branch or agent row, and the timed sweep (every `tickSeconds`) does not
 * load every device row again — while the alerts it decides are still raised and cleared.
 */
describe('alerting on cached fleet facts', () => {
  let host: AlertingCentral;
  const queries: string[] = [];

  beforeAll(async () => {
    host = await new AlertingCentral().start();
    const db = host.get(DataSource);
    const logger = db.logger;
    // Every query the instance runs passes its logger: keep a copy, then do as before.
    const capturing: Logger = {
      ...logger,
      logQuery: (query, parameters, runner) => {
        queries.push(query);
        return logger.logQuery(query, parameters, runner);
      },
      logQueryError: (...args) => logger.logQueryError(...args),
      logQuerySlow: (...args) => logger.logQuerySlow(...args),
      logSchemaBuild: (...args) => logger.logSchemaBuild(...args),
      logMigration: (...args) => logger.logMigration(...args),
      log: (...args) => logger.log(...args),
    };
    Object.defineProperty(db, 'logger', { value: capturing, configurable: true });
  });
  afterAll(async () => host?.stop());

  it('evaluates statuses and sweeps without reading device, branch or agent rows', async () => {
    const agent = await host.branchWithAgent('BR-CACHED', [{ id: 'TP-CACHED', kind: 'ticket-printer' }]);
    queries.length = 0;
    const seen = () => queries.filter((q) => /^\s*SELECT/i.test(q));
    expect(seen()).toEqual([]); // the capture is empty now…
    await agent.status('TP-CACHED', printer({ state: 'fault', faults: ['cutter-error'] }));
    expect(seen().length).toBeGreaterThan(0); // …and sees the evaluation's own queries (conditions, alerts)
    for (let i = 0; i < 3; i++) await host.tick(5_000);
    expect((await host.alerts('&branch=BR-CACHED')).items.map((a) => [a.type, a.code])).toContainEqual(['fault', 'cutter-error']);
    await agent.status('TP-CACHED', printer());
    for (let i = 0; i < 10; i++) await host.tick(5_000);
    expect((await host.alerts('&branch=BR-CACHED&state=active')).items.filter((a) => a.type === 'fault')).toEqual([]);
    // The runtime's progress report counts online agents once a minute (a metric, not alerting).
    const progressReport = (q: string) => /SELECT COUNT\(1\) AS "cnt" FROM "agent"/.test(q);
    expect(queries.filter((q) => FLEET_READ.test(q) && !progressReport(q))).toEqual([]);
  });
});
