import { SEVERITIES, type AlertState, type Localized, type Role, type Severity, type TaskKind, type TaskStatus } from '@lobby/contracts';

// Severities, alert states, task kinds and statuses are the contract's (`@lobby/contracts`): defined once.

/** `true` when `a` is at least as urgent as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

/** What makes an alert unique while it is not cleared (docs/api.md). */
export interface AlertKey {
  branchId: string;
  /** `null` for a branch-level alert (`agent-offline`, an overdue checklist). */
  deviceId: string | null;
  type: string;
  /** The fault code for `type: fault`; otherwise usually absent. */
  code?: string | null;
}

export interface RaiseAlert {
  severity: Severity;
  /** What people read, both languages (stored: `message` zh-CN, `message_en`). */
  message: Localized;
  /** Epoch ms; default the clock's now. */
  at?: number;
  /** Who is told (webhooks filtered by role, SSE by branch scope). Default: the roles of the branch. */
  notifyRoles?: Role[];
}

/** An alert as the API shows it (docs/api.md); times UTC ISO-8601. */
export interface AlertView {
  id: string;
  deviceId: string | null;
  branchId: string;
  type: string;
  code?: string;
  severity: Severity;
  state: AlertState;
  /** What it is ("切刀故障"), in the reader's locale: an addition. */
  title: string;
  /** What people read, in the reader's locale. */
  message: string;
  raisedAt: string;
  clearedAt?: string;
  ackedBy?: string;
  ackedAt?: string;
  ackNote?: string;
  escalatedAt?: string;
}

/** The role a task kind goes to (docs/api.md). */
export const TASK_KIND_ROLE: Record<TaskKind, Role> = {
  repair: 'maintenance',
  refill: 'lobby-manager',
  'cash-replenishment': 'cash-centre',
};

export interface OpenTask {
  kind: TaskKind;
  branchId: string;
  /** `null` for a branch-level problem (a dead edge agent). */
  deviceId: string | null;
  /** What is wrong, stable per problem (`fault:cutter-error`, `paper-out`): one open task per (device, problem). */
  problem: string;
  severity: Severity;
  note?: string;
  alertIds?: string[];
  at?: number;
}

export interface TaskHistoryEntry {
  at: string;
  by: string;
  from: TaskStatus | null;
  to: TaskStatus;
  note?: string;
}

/** A task as the API shows it (docs/api.md). */
export interface TaskView {
  id: string;
  kind: TaskKind;
  /** `null` for a branch-level task (a dead edge agent). */
  deviceId: string | null;
  /** The device's name (from its agent's config or an admin), where it has one. */
  deviceName?: string;
  branchId: string;
  problem: string;
  status: TaskStatus;
  severity: Severity;
  assignee?: string;
  createdAt: string;
  responseDueAt: string;
  resolveDueAt: string;
  overdue: boolean;
  alertIds: string[];
  history: TaskHistoryEntry[];
}

/** A message to people: webhooks (filtered by branch, role, severity) and the SSE stream. */
export interface Notification {
  branchId: string;
  deviceId?: string | null;
  /** Roles it is meant for; webhooks with a `roles` filter get it only when they share one. */
  roles: Role[];
  severity: Severity;
  title: Localized;
  /** Plain text, both languages: each receiver gets its own locale's. Branch-local times are added by the formatter. */
  text: Localized;
  /** What it is about, e.g. `alert.raised`, `alert.escalated`, `task.overdue`, `checklist.overdue`. */
  kind: string;
  /** Makes `notify` idempotent: a second notify with the same key is ignored. Default: random. */
  dedupeKey?: string;
  /** When it happened (epoch ms); default now. Shown in branch-local time. */
  at?: number;
  /** Silences for this device/branch mute it, unless `ignoreSilences`. */
  ignoreSilences?: boolean;
}

/** Events on `GET /api/stream` (each user sees the ones of their branches). */
export type LiveEventType = 'alert' | 'alert.cleared' | 'task' | 'device' | 'checklist' | 'self-service';
export interface LiveEvent {
  type: LiveEventType;
  branchId: string;
  /** For task events: the task kind, so role scoping (maintenance → repair) can apply. */
  taskKind?: TaskKind;
  data: unknown;
  /** The same data in English (alert events), sent instead of `data` to a reader whose locale is en. */
  dataEn?: unknown;
}
