import type { TaskStatus } from '@lobby/contracts';

/**
 * Moves people may make (docs/api.md): open → assigned → in-progress → resolved → closed,
 * or cancelled before resolution; a resolved task whose fix did not hold goes back to work.
 * The system also resolves tasks (device healthy) and reopens them (problem back): see `SYSTEM_MOVES`.
 */
const PEOPLE_MOVES: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['assigned', 'cancelled'],
  assigned: ['in-progress', 'cancelled'],
  'in-progress': ['resolved', 'cancelled'],
  resolved: ['closed', 'in-progress'],
  closed: [],
  cancelled: [],
};

const SYSTEM_MOVES: Record<TaskStatus, readonly TaskStatus[]> = {
  open: ['resolved'],
  assigned: ['resolved'],
  'in-progress': ['resolved'],
  resolved: ['open'],
  closed: ['open'],
  cancelled: [],
};

export function canMove(from: TaskStatus, to: TaskStatus, by: 'person' | 'system' = 'person'): boolean {
  return (by === 'person' ? PEOPLE_MOVES : SYSTEM_MOVES)[from].includes(to);
}

/** Statuses in which a task still holds its problem (one such task per device and problem). */
export const HOLDING_STATUSES: readonly TaskStatus[] = ['open', 'assigned', 'in-progress', 'resolved'];
/** Statuses in which work is still to be done. */
export const WORKING_STATUSES: readonly TaskStatus[] = ['open', 'assigned', 'in-progress'];

export function isHolding(status: TaskStatus): boolean {
  return HOLDING_STATUSES.includes(status);
}
