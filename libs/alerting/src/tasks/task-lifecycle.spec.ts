import { DomainError } from '@lobby/platform';
import type { TaskEntity } from '../entities/task.entity';
import { deadlinesFor, missedDeadline } from './deadlines';
import { canMove } from './task-lifecycle';
import { planPatch } from './task-patch';

const MIN = 60_000;
const table = {
  critical: { responseMs: 30 * MIN, resolveMs: 240 * MIN },
  major: { responseMs: 120 * MIN, resolveMs: 480 * MIN },
  minor: { responseMs: 240 * MIN, resolveMs: 1440 * MIN },
  warning: { responseMs: 240 * MIN, resolveMs: 1440 * MIN },
};

function task(patch: Partial<TaskEntity> = {}): TaskEntity {
  return Object.assign({} as TaskEntity, {
    id: 't1',
    status: 'open',
    assignee: null,
    responseDueAt: 30 * MIN,
    resolveDueAt: 240 * MIN,
    respondedAt: null,
    resolvedAt: null,
    closedAt: null,
    overdue: false,
    openKey: 'd:TP-1|paper',
    history: [],
    ...patch,
  });
}

const status409 = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return 'no error';
};

describe('task lifecycle', () => {
  it('allows people open → assigned → in-progress → resolved → closed, cancel before resolution, and back to work from resolved', () => {
    expect(canMove('open', 'assigned')).toBe(true);
    expect(canMove('assigned', 'in-progress')).toBe(true);
    expect(canMove('in-progress', 'resolved')).toBe(true);
    expect(canMove('resolved', 'closed')).toBe(true);
    expect(canMove('resolved', 'in-progress')).toBe(true);
    expect(canMove('open', 'cancelled')).toBe(true);
    expect(canMove('open', 'resolved')).toBe(false);
    expect(canMove('closed', 'open')).toBe(false);
    expect(canMove('cancelled', 'open')).toBe(false);
    expect(canMove('resolved', 'cancelled')).toBe(false);
    expect(canMove('closed', 'open', 'system')).toBe(true);
    expect(canMove('in-progress', 'resolved', 'system')).toBe(true);
  });

  it('moves an open task to assigned when an assignee is set, with history', () => {
    const changes = planPatch(task(), { assignee: 'wang' }, 'lm', 10 * MIN);
    expect(changes).toMatchObject({ status: 'assigned', assignee: 'wang', respondedAt: 10 * MIN });
    expect(changes.history).toEqual([{ at: 10 * MIN, by: 'lm', from: 'open', to: 'assigned', note: 'assigned to wang' }]);
    expect(changes.overdue).toBeUndefined();
  });

  it('assigns and starts in one patch, keeping both steps in the history', () => {
    const changes = planPatch(task(), { assignee: 'wang', status: 'in-progress', note: 'on my way' }, 'wang', MIN);
    expect(changes.status).toBe('in-progress');
    expect(changes.history!.map((h) => [h.from, h.to, h.note])).toEqual([
      ['open', 'assigned', 'assigned to wang'],
      ['assigned', 'in-progress', 'on my way'],
    ]);
  });

  it('refuses illegal moves with 409', () => {
    expect(status409(() => planPatch(task(), { status: 'resolved' }, 'x', 0))).toBe('conflict');
    expect(status409(() => planPatch(task(), { status: 'assigned' }, 'x', 0))).toBe('conflict');
    expect(status409(() => planPatch(task({ status: 'closed' }), { status: 'open' }, 'x', 0))).toBe('conflict');
    expect(status409(() => planPatch(task({ status: 'closed' }), { assignee: 'wang' }, 'x', 0))).toBe('conflict');
    expect(status409(() => planPatch(task({ status: 'assigned', assignee: 'w' }), { status: 'assigned' }, 'x', 0))).toBe('conflict');
  });

  it('releases the problem key when closed or cancelled, flags a late response', () => {
    expect(planPatch(task({ status: 'resolved' }), { status: 'closed' }, 'x', 5)).toMatchObject({ status: 'closed', closedAt: 5, openKey: null });
    expect(planPatch(task(), { status: 'cancelled' }, 'x', 5)).toMatchObject({ openKey: null });
    expect(planPatch(task(), { assignee: 'wang' }, 'x', 31 * MIN)).toMatchObject({ overdue: true });
  });

  it('keeps a note alone as its own history entry', () => {
    expect(planPatch(task({ status: 'in-progress', assignee: 'w' }), { note: 'part ordered' }, 'w', 7).history).toEqual([{ at: 7, by: 'w', from: 'in-progress', to: 'in-progress', note: 'part ordered' }]);
  });
});

describe('deadlines', () => {
  it('sets response and resolution deadlines by severity', () => {
    expect(deadlinesFor('critical', 1000, table)).toEqual({ responseDueAt: 1000 + 30 * MIN, resolveDueAt: 1000 + 240 * MIN });
    expect(deadlinesFor('major', 0, table)).toEqual({ responseDueAt: 120 * MIN, resolveDueAt: 480 * MIN });
    expect(deadlinesFor('warning', 0, table)).toEqual({ responseDueAt: 240 * MIN, resolveDueAt: 1440 * MIN });
  });

  it('knows which deadline was missed', () => {
    const t = { status: 'open' as const, responseDueAt: 30, resolveDueAt: 240, respondedAt: null, resolvedAt: null };
    expect(missedDeadline(t, 30)).toBeNull();
    expect(missedDeadline(t, 31)).toBe('response');
    expect(missedDeadline({ ...t, status: 'assigned', respondedAt: 20 }, 100)).toBeNull();
    expect(missedDeadline({ ...t, status: 'assigned', respondedAt: 40 }, 100)).toBe('response');
    expect(missedDeadline({ ...t, status: 'in-progress', respondedAt: 20 }, 241)).toBe('resolve');
    expect(missedDeadline({ ...t, status: 'closed', respondedAt: 20, resolvedAt: 200 }, 10_000)).toBeNull();
  });
});
