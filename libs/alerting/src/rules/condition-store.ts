import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AlertConditionEntity } from '../entities/alert-condition.entity';
import type { Evaluation } from './rule-evaluator';

export interface ConditionScope {
  branchId: string;
  /** Null: the branch-level conditions (its agent). */
  deviceId: string | null;
}

/**
 * The hysteresis state of rule conditions, in the database so that every instance shares it
 * (statuses of one device may reach either instance). Writes are conditional on `observed_ts`:
 * a reading older than the one that last decided a condition changes nothing.
 *
 * Most statuses come from healthy devices that have no condition at all: for those, `apply`
 * answers from memory instead of reading the table. It keeps the set of scopes that have rows
 * (refreshed from the database on every tick and on every full load, and grown at once by its
 * own inserts). Another instance's insert is seen here within a tick; what this instance could
 * miss meanwhile (a condition to make inactive) the sweep re-evaluates from the database.
 */
@Injectable()
export class ConditionStore {
  /** Scopes that may have condition rows; null until the first refresh (then every apply reads). */
  private scopes: Set<string> | null = null;
  /** Scopes inserted while a refresh was reading, so the refresh cannot drop them. */
  private added = new Set<string>();

  constructor(private readonly db: DataSource) {}

  /** Reads which scopes have conditions (every instance, every tick: cheap, one small query). */
  async refreshScopes(): Promise<void> {
    this.added = new Set();
    const rows = await this.repo.createQueryBuilder('c').select('c.branchId', 'branchId').addSelect('c.deviceId', 'deviceId').distinct(true).getRawMany<ConditionScope>();
    this.rememberScopes(rows);
  }

  private rememberScopes(rows: ConditionScope[]): void {
    this.scopes = new Set([...rows.map(scopeKey), ...this.added]);
  }

  /** True when the scope certainly has no condition rows (so there is nothing to read). */
  private knownEmpty(scope: ConditionScope): boolean {
    return this.scopes !== null && !this.scopes.has(scopeKey(scope));
  }

  private get repo() {
    return this.db.getRepository(AlertConditionEntity);
  }

  async loadAll(): Promise<AlertConditionEntity[]> {
    this.added = new Set();
    const rows = await this.repo.find();
    this.rememberScopes(rows);
    return rows;
  }

  load(scope: ConditionScope): Promise<AlertConditionEntity[]> {
    return this.repo.findBy({ branchId: scope.branchId, deviceId: scope.deviceId ?? IsNull() });
  }

  get(key: string): Promise<AlertConditionEntity | null> {
    return this.repo.findOneBy({ key });
  }

  /**
   * Applies what an evaluation found to the scope's conditions: hits become (or stay) active,
   * known rules without a hit become inactive. Returns the scope's conditions afterwards.
   */
  async apply(scope: ConditionScope, evaluation: Evaluation, observedTs: number, now: number, existing?: AlertConditionEntity[]): Promise<AlertConditionEntity[]> {
    if (!existing && evaluation.hits.length === 0 && this.knownEmpty(scope)) return [];
    const rows = new Map((existing ?? (await this.load(scope))).map((r) => [r.key, r]));
    const hitKeys = new Set<string>();
    for (const hit of evaluation.hits) {
      hitKeys.add(hit.key);
      let row = rows.get(hit.key);
      if (!row) {
        await this.repo
          .createQueryBuilder()
          .insert()
          .into(AlertConditionEntity)
          .values({
            key: hit.key,
            branchId: scope.branchId,
            deviceId: scope.deviceId,
            ruleId: hit.rule.id,
            type: hit.alertKey.type,
            code: hit.alertKey.code ?? null,
            severity: hit.severity,
            message: hit.message.zh,
            messageEn: hit.message.en,
            active: true,
            since: now,
            inactiveSince: null,
            observedTs,
            alertId: null,
          })
          .orIgnore()
          .updateEntity(false)
          .execute();
        this.added.add(scopeKey(scope));
        this.scopes?.add(scopeKey(scope));
        row = (await this.get(hit.key)) ?? undefined;
        if (!row) continue;
        rows.set(row.key, row);
      }
      if (!row.active && row.observedTs <= observedTs) {
        const changes = { active: true, since: now, inactiveSince: null, observedTs, severity: hit.severity, message: hit.message.zh, messageEn: hit.message.en };
        if (await this.update(row.key, changes, 'active = :no AND observed_ts <= :ts', { no: false, ts: observedTs })) Object.assign(row, changes);
      } else if (row.active && row.observedTs < observedTs) {
        const changes = { observedTs, severity: hit.severity, message: hit.message.zh, messageEn: hit.message.en };
        if (await this.update(row.key, changes, 'observed_ts < :ts', { ts: observedTs })) Object.assign(row, changes);
      }
    }
    for (const row of rows.values()) {
      if (hitKeys.has(row.key) || !evaluation.known.has(row.ruleId) || !row.active || row.observedTs > observedTs) continue;
      const changes = { active: false, inactiveSince: now, observedTs };
      if (await this.update(row.key, changes, 'active = :yes AND observed_ts <= :ts', { yes: true, ts: observedTs })) Object.assign(row, changes);
    }
    return [...rows.values()];
  }

  async markRaised(key: string, alertId: string): Promise<void> {
    await this.repo.update({ key, alertId: IsNull() }, { alertId });
  }

  /** Removes an inactive condition; `false` when it became active again meanwhile. */
  async removeInactive(key: string): Promise<boolean> {
    const result = await this.repo.delete({ key, active: false });
    return (result.affected ?? 0) > 0;
  }

  async remove(key: string): Promise<void> {
    await this.repo.delete({ key });
  }

  /** The condition came back while its alert was being cleared: raise afresh. */
  async forgetAlert(key: string, alertId: string): Promise<void> {
    await this.repo.update({ key, alertId }, { alertId: null });
  }

  private async update(key: string, changes: Partial<AlertConditionEntity>, condition: string, params: Record<string, unknown>): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .update(AlertConditionEntity)
      .set(changes)
      .where('"key" = :key', { key })
      .andWhere(condition, params)
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

function scopeKey(scope: ConditionScope): string {
  return `${scope.branchId}\u0000${scope.deviceId ?? ''}`;
}
