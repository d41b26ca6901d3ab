import type { TaskView } from '../alerting.types';
import type { TaskEntity } from '../entities/task.entity';
import { missedDeadline } from './deadlines';

/** docs/api.md Task (`overdue` as of `now`), plus problem and times (additions). */
export function toTaskView(row: TaskEntity, now: number): TaskView {
  return {
    id: row.id,
    kind: row.kind,
    deviceId: row.deviceId,
    branchId: row.branchId,
    problem: row.problem,
    status: row.status,
    severity: row.severity,
    ...(row.assignee ? { assignee: row.assignee } : {}),
    createdAt: new Date(row.createdAt).toISOString(),
    responseDueAt: new Date(row.responseDueAt).toISOString(),
    resolveDueAt: new Date(row.resolveDueAt).toISOString(),
    overdue: row.overdue || missedDeadline(row, now) !== null,
    alertIds: row.alertIds,
    history: row.history.map((h) => ({ at: new Date(h.at).toISOString(), by: h.by, from: h.from, to: h.to, ...(h.note ? { note: h.note } : {}) })),
  };
}
