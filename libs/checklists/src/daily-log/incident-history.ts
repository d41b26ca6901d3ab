import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertRecord, TaskRecord } from './daily-log.builder';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The day's alerts and tasks for the log, cleared and closed ones included (the alerting lib's
 * services answer only for open ones). Reads the alerting tables (`alert`, `task`) directly.
 */
@Injectable()
export class IncidentHistory {
  constructor(private readonly db: DataSource) {}

  /** Alerts of the branch active at some point in [from, to). */
  async alerts(branchId: string, from: number, to: number): Promise<AlertRecord[]> {
    const rows = await this.db
      .createQueryBuilder()
      .select('a.id', 'id')
      .addSelect('a.device_id', 'device_id')
      .addSelect('a.type', 'type')
      .addSelect('a.code', 'code')
      .addSelect('a.severity', 'severity')
      .addSelect('a.message', 'message')
      .addSelect('a.message_en', 'message_en')
      .addSelect('a.raised_at', 'raised_at')
      .addSelect('a.cleared_at', 'cleared_at')
      .from('alert', 'a')
      .where('a.branch_id = :branchId', { branchId })
      .andWhere('a.raised_at < :to', { to })
      .andWhere('(a.cleared_at IS NULL OR a.cleared_at > :from)', { from })
      .orderBy('a.raised_at', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: String(r.id),
      deviceId: (r.device_id as string | null) ?? null,
      type: String(r.type),
      code: (r.code as string | null) ?? null,
      severity: String(r.severity),
      message: String(r.message),
      ...(typeof r.message_en === 'string' && r.message_en ? { messageEn: r.message_en } : {}),
      raisedAt: num(r.raised_at)!,
      clearedAt: num(r.cleared_at),
    }));
  }

  /** Tasks of the branch opened or resolved in [from, to). */
  async tasks(branchId: string, from: number, to: number): Promise<TaskRecord[]> {
    const rows = await this.db
      .createQueryBuilder()
      .select('t.id', 'id')
      .addSelect('t.kind', 'kind')
      .addSelect('t.device_id', 'device_id')
      .addSelect('t.problem', 'problem')
      .addSelect('t.severity', 'severity')
      .addSelect('t.status', 'status')
      .addSelect('t.created_at', 'created_at')
      .addSelect('t.resolved_at', 'resolved_at')
      .from('task', 't')
      .where('t.branch_id = :branchId', { branchId })
      .andWhere('((t.created_at >= :from AND t.created_at < :to) OR (t.resolved_at >= :from AND t.resolved_at < :to))', { from, to })
      .orderBy('t.created_at', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: String(r.id),
      kind: String(r.kind),
      deviceId: (r.device_id as string | null) ?? null,
      problem: String(r.problem),
      severity: String(r.severity),
      status: String(r.status),
      createdAt: num(r.created_at)!,
      resolvedAt: num(r.resolved_at),
    }));
  }
}
