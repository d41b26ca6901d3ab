import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, Logger } from 'typeorm';
import { AlertConditionEntity } from '../../../libs/alerting/src/entities/alert-condition.entity';
import { ConditionStore } from '../../../libs/alerting/src/rules/condition-store';
import type { Rule } from '../../../libs/alerting/src/rules/alert-rules.schema';
import type { Evaluation } from '../../../libs/alerting/src/rules/rule-evaluator';

/** Counts the statements that touch the condition table. */
class QueryCounter implements Logger {
  count = 0;
  logQuery(query: string): void {
    if (query.includes('alert_condition')) this.count++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

const rule = { id: 'paper-out', alert: { type: 'paper-out', severity: 'critical' } } as unknown as Rule;
const scope = { branchId: 'CS-1', deviceId: 'CS-1-P1' };
const hit: Evaluation = {
  hits: [{ rule, key: 'CS-1|CS-1-P1|paper-out|', alertKey: { branchId: scope.branchId, deviceId: scope.deviceId, type: 'paper-out', code: null }, severity: 'critical', message: { zh: '缺纸', en: 'paper out' } }],
  known: new Set(['paper-out']),
};
const healthy: Evaluation = { hits: [], known: new Set(['paper-out']) };

/** Two instances (two connections, two stores) on one SQLite file. */
describe(ConditionStore.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lobby-conditions-'));
  const counter = new QueryCounter();
  let a: ConditionStore;
  let b: ConditionStore;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    const open = async (logger?: Logger) => {
      const source = await new DataSource({ type: 'sqlite', database: join(dir, 'c.sqlite'), entities: [AlertConditionEntity], synchronize: true, logging: logger ? ['query'] : false, logger }).initialize();
      sources.push(source);
      return new ConditionStore(source);
    };
    a = await open(counter);
    b = await open();
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a healthy status of a device without conditions from memory, with no query', async () => {
    await a.refreshScopes();
    counter.count = 0;
    for (let i = 0; i < 100; i++) expect(await a.apply(scope, healthy, i, i)).toEqual([]);
    expect(counter.count).toBe(0);
  });

  it("sees another instance's new condition after its next refresh and then clears it", async () => {
    const [row] = await b.apply(scope, hit, 1000, 1000);
    expect(row.active).toBe(true);
    await a.refreshScopes();
    counter.count = 0;
    const after = await a.apply(scope, healthy, 2000, 2000);
    expect(counter.count).toBeGreaterThan(0);
    expect(after).toHaveLength(1);
    expect(after[0].active).toBe(false);
  });

  it('reads the table at once for a scope it inserted itself, without waiting for a refresh', async () => {
    const other = { branchId: 'CS-1', deviceId: 'CS-1-P2' };
    const otherHit: Evaluation = { ...hit, hits: [{ ...hit.hits[0], key: 'CS-1|CS-1-P2|paper-out|', alertKey: { ...hit.hits[0].alertKey, deviceId: other.deviceId } }] };
    await a.refreshScopes();
    await a.apply(other, otherHit, 3000, 3000);
    const after = await a.apply(other, healthy, 4000, 4000);
    expect(after.map((r) => r.active)).toEqual([false]);
  });
});
