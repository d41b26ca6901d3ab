import type { SelfServiceState, TaskKind } from '@lobby/contracts';
import type { AlertView, TaskView } from './alerting.types';

/** Alerting's domain events (see `DomainEvents` in the platform lib). */
declare module '@lobby/platform' {
  interface DomainEvents {
    /** An alert was raised (`alert` in zh-CN; `alertEn` the same for readers whose locale is en; an older instance sends none). */
    'alert.raised': { branchId: string; alert: AlertView; alertEn?: AlertView };
    /** An open alert changed: acknowledged or escalated. */
    'alert.updated': { branchId: string; alert: AlertView; alertEn?: AlertView };
    /** An alert was cleared. */
    'alert.cleared': { branchId: string; alert: AlertView; alertEn?: AlertView };
    /** A task was opened or changed (status, assignee, overdue). */
    'task.changed': { branchId: string; kind: TaskKind; task: TaskView };
    /** 分流: what the branch's self-service area can do changed and the lobby manager was told. */
    'self-service.changed': { branchId: string; state: SelfServiceState; label: string; previous: SelfServiceState | null; since: string };
  }
}

export {};
