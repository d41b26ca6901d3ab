import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Between, DataSource, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '@lobby/platform';
import { AuditLogEntity } from './entities/audit-log.entity';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId?: string | null;
  branchId?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditView extends Required<AuditEntry> {
  id: string;
  at: string;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

const SECRET_KEY = /pass(word)?|secret|token|authorization|credential/i;
const MAX_DETAILS_CHARS = 2000;

/** Who changed what, for admins. Details never carry secrets: such keys are dropped at any depth. */
@Injectable()
export class AuditService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const row = Object.assign(new AuditLogEntity(), {
      id: randomUUID(),
      at: this.clock.now(),
      actor: entry.actor.slice(0, 64),
      action: entry.action.slice(0, 64),
      targetType: entry.targetType.slice(0, 32),
      targetId: entry.targetId?.slice(0, 200) ?? null,
      branchId: entry.branchId?.slice(0, 64) ?? null,
      details: entry.details ? boundedDetails(entry.details) : null,
    });
    // `details` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
    await this.db.getRepository(AuditLogEntity).insert(row as unknown as QueryDeepPartialEntity<AuditLogEntity>);
  }

  async list(query: AuditQuery): Promise<{ items: AuditView[]; total: number }> {
    const where: FindOptionsWhere<AuditLogEntity> = {};
    if (query.actor) where.actor = query.actor;
    if (query.action) where.action = query.action;
    if (query.from !== undefined && query.to !== undefined) where.at = Between(query.from, query.to);
    else if (query.from !== undefined) where.at = MoreThanOrEqual(query.from);
    else if (query.to !== undefined) where.at = LessThanOrEqual(query.to);
    const [rows, total] = await this.db.getRepository(AuditLogEntity).findAndCount({ where, order: { at: 'DESC', id: 'ASC' }, take: query.limit, skip: query.offset });
    return {
      items: rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actor: r.actor, action: r.action, targetType: r.targetType, targetId: r.targetId, branchId: r.branchId, details: r.details })),
      total,
    };
  }
}

/** A copy without secret-looking keys, cut to a bounded size. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => withoutSecrets(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET_KEY.test(key))
      .map(([key, v]) => [key, withoutSecrets(v, depth + 1)]),
  );
}

function boundedDetails(details: Record<string, unknown>): Record<string, unknown> {
  const clean = withoutSecrets(details) as Record<string, unknown>;
  const text = JSON.stringify(clean);
  return text.length <= MAX_DETAILS_CHARS ? clean : { truncated: true, keys: Object.keys(clean).slice(0, 50) };
}
