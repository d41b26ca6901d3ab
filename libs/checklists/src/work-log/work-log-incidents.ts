import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { WorkLogIncident } from './work-log.types';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

interface HistoryEntry {
  to: string;
  note?: string;
}

/**
 * The day's incidents for the work log, each with what was done about it: who acknowledged it
 * with which note, the task's assignee and the note it was resolved with. Reads the alerting
 * tables (`alert`, `task`) as the daily log does.
 */
@Injectable()
export class WorkLogIncidents {
  constructor(private readonly db: DataSource) {}

  async of(branchId: string, from: number, to: number): Promise<WorkLogIncident[]> {
    const alerts = await this.db
      .createQueryBuilder()
      .select(['a.id AS id', 'a.device_id AS device_id', 'a.type AS type', 'a.code AS code', 'a.severity AS severity', 'a.message AS message'])
      .addSelect(['a.raised_at AS raised_at', 'a.cleared_at AS cleared_at', 'a.acked_at AS acked_at', 'a.acked_by AS acked_by', 'a.ack_note AS ack_note', 'a.task_id AS task_id', 'd.name AS device_name'])
      .from('alert', 'a')
      .leftJoin('device', 'd', 'd.id = a.device_id')
      .where('a.branch_id = :branchId', { branchId })
      .andWhere('a.raised_at < :to', { to })
      .andWhere('(a.cleared_at IS NULL OR a.cleared_at > :from)', { from })
      .orderBy('a.raised_at', 'ASC')
      .getRawMany<Record<string, unknown>>();
    const tasks = await this.tasks(alerts.map((a) => a.task_id).filter((id): id is string => typeof id === 'string'));
    return alerts.map((a) => ({
      alertId: String(a.id),
      deviceId: (a.device_id as string | null) ?? null,
      deviceName: (a.device_name as string | null) ?? null,
      type: String(a.type),
      code: (a.code as string | null) ?? null,
      severity: String(a.severity),
      message: String(a.message),
      raisedAt: iso(a.raised_at)!,
      clearedAt: iso(a.cleared_at),
      ack: num(a.acked_at) !== null ? { by: (a.acked_by as string | null) ?? '', at: iso(a.acked_at)!, note: (a.ack_note as string | null) ?? null } : null,
      task: typeof a.task_id === 'string' ? (tasks.get(a.task_id) ?? null) : null,
    }));
  }

  private async tasks(ids: string[]): Promise<Map<string, NonNullable<WorkLogIncident['task']>>> {
    const out = new Map<string, NonNullable<WorkLogIncident['task']>>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .createQueryBuilder()
      .select(['t.id AS id', 't.status AS status', 't.assignee AS assignee', 't.resolved_at AS resolved_at', 't.history AS history'])
      .from('task', 't')
      .where('t.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getRawMany<Record<string, unknown>>();
    for (const r of rows) {
      const history = (typeof r.history === 'string' ? JSON.parse(r.history) : (r.history ?? [])) as HistoryEntry[];
      const resolved = [...history].reverse().find((h) => h.to === 'resolved' && h.note);
      out.set(String(r.id), { id: String(r.id), status: String(r.status), assignee: (r.assignee as string | null) ?? null, resolvedAt: iso(r.resolved_at), resolutionNote: resolved?.note ?? null });
    }
    return out;
  }
}
