import type { TaskStatus } from '@lobby/contracts';
import { conflict } from '@lobby/platform';
import type { StoredHistoryEntry, TaskEntity } from '../entities/task.entity';
import { canMove } from './task-lifecycle';

export interface TaskPatch {
  status?: TaskStatus;
  /** A user of the kind's role for the task's branch (checked by the caller). */
  assignee?: string;
  note?: string;
}

type Planned = Pick<TaskEntity, 'status' | 'assignee' | 'respondedAt' | 'resolvedAt' | 'closedAt' | 'overdue' | 'openKey' | 'history'>;

/**
 * What a person's PATCH does to a task, or a 409 for an illegal move. Setting an assignee on an
 * open task moves it to assigned; a note alone is a history entry of its own.
 */
export function planPatch(task: TaskEntity, patch: TaskPatch, by: string, now: number): Partial<Planned> {
  let status = task.status;
  let assignee = task.assignee;
  const entries: StoredHistoryEntry[] = [];
  const changes: Partial<Planned> = {};
  const move = (to: TaskStatus, note?: string) => {
    if (!canMove(status, to)) throw conflict(`a task cannot move from ${status} to ${to}`);
    entries.push({ at: now, by, from: status, to, ...(note ? { note } : {}) });
    applyMove(task, status, to, now, changes);
    status = to;
  };

  if (patch.assignee !== undefined && patch.assignee !== assignee) {
    if (status === 'open') move('assigned', `assigned to ${patch.assignee}`);
    else if (status === 'assigned' || status === 'in-progress') entries.push({ at: now, by, from: status, to: status, note: `reassigned to ${patch.assignee}` });
    else throw conflict(`a ${status} task cannot be assigned`);
    assignee = patch.assignee;
    changes.assignee = assignee;
  }
  if (patch.status !== undefined && patch.status !== status) {
    if (patch.status === 'assigned' && !assignee) throw conflict('a task is assigned by setting its assignee');
    move(patch.status);
  } else if (patch.status !== undefined && entries.length === 0) {
    throw conflict(`the task is already ${status}`);
  }
  if (patch.note) {
    const last = entries.at(-1);
    if (last) last.note = last.note ? `${last.note}; ${patch.note}` : patch.note;
    else entries.push({ at: now, by, from: status, to: status, note: patch.note });
  }
  if (entries.length === 0) throw conflict('nothing to change');
  changes.status = status;
  changes.history = [...task.history, ...entries];
  return changes;
}

/** The timestamps and flags a move sets. Also used by the system's own moves. */
export function applyMove(task: TaskEntity, from: TaskStatus, to: TaskStatus, now: number, changes: Partial<Planned>): void {
  if (from === 'open' && to !== 'open' && task.respondedAt === null && changes.respondedAt === undefined) {
    changes.respondedAt = now;
    if (now > task.responseDueAt) changes.overdue = true;
  }
  if (to === 'resolved') {
    changes.resolvedAt = now;
    if (now > task.resolveDueAt) changes.overdue = true;
  }
  if (from === 'resolved' && to === 'in-progress') changes.resolvedAt = null;
  if (to === 'closed' || to === 'cancelled') {
    changes.closedAt = now;
    changes.openKey = null;
  }
}
