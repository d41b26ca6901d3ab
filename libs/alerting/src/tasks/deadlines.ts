import type { Severity, TaskStatus } from '@lobby/contracts';

export type DeadlineTable = Record<Severity, { responseMs: number; resolveMs: number }>;

/** Response and resolution deadlines of a task opened at `openedAt` with `severity`. */
export function deadlinesFor(severity: Severity, openedAt: number, table: DeadlineTable): { responseDueAt: number; resolveDueAt: number } {
  const d = table[severity];
  return { responseDueAt: openedAt + d.responseMs, resolveDueAt: openedAt + d.resolveMs };
}

/**
 * Which deadline a task has missed at `now`, the later one first: `resolve` (not resolved in
 * time), `response` (still open after the response deadline, or it left open late), or null.
 */
export function missedDeadline(
  task: { status: TaskStatus; responseDueAt: number; resolveDueAt: number; respondedAt: number | null; resolvedAt: number | null },
  now: number,
): 'response' | 'resolve' | null {
  const working = task.status === 'open' || task.status === 'assigned' || task.status === 'in-progress';
  const resolvedLate = task.resolvedAt !== null && task.resolvedAt > task.resolveDueAt;
  if ((working && now > task.resolveDueAt) || resolvedLate) return 'resolve';
  const stillOpenLate = task.status === 'open' && now > task.responseDueAt;
  const respondedLate = task.respondedAt !== null && task.respondedAt > task.responseDueAt;
  if (stillOpenLate || respondedLate) return 'response';
  return null;
}
