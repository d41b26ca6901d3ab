import type { TaskKind } from '@lobby/contracts';
import { canSeeBranch, type Principal } from '@lobby/access';
import type { LiveEvent } from '../alerting.types';

/** Task kinds a role works on (docs/api.md); `null` means every kind. */
export function taskKindsFor(principal: Principal): TaskKind[] | null {
  switch (principal.role) {
    case 'maintenance':
      return ['repair'];
    case 'cash-centre':
      return ['cash-replenishment'];
    case 'lobby-manager':
    case 'branch-head':
    case 'admin':
      return null;
  }
}

export function canSeeTask(principal: Principal, task: { branchId: string; kind: TaskKind }): boolean {
  const kinds = taskKindsFor(principal);
  return canSeeBranch(principal, task.branchId) && (!kinds || kinds.includes(task.kind));
}

/** Whether a stream client may see a live event: its branch, and for tasks its kind. */
export function canSeeEvent(principal: Principal, event: LiveEvent): boolean {
  if (!canSeeBranch(principal, event.branchId)) return false;
  if (event.type === 'task' && event.taskKind) return canSeeTask(principal, { branchId: event.branchId, kind: event.taskKind });
  return true;
}
