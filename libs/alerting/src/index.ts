/**
 * Alerting: rules → alerts → tasks → notifications (outbox → webhooks) and the live stream.
 *
 * Services other libs may call (all Nest `@Injectable`, provided by the central server):
 *
 * - `AlertsService`
 *   - `raise(key: AlertKey, init: { severity, message, at?, notifyRoles? }): Promise<AlertView>`
 *     idempotent: the existing uncleared alert for the key (uniqueness by the database), else a
 *     new one, notified (webhooks + SSE `alert`).
 *   - `clear(key: AlertKey, at?: number): Promise<void>` clears the uncleared alert for the key, if any (SSE `alert.cleared`).
 *   - `findOpen({ branchId?, deviceId?, type? }): Promise<AlertView[]>` uncleared alerts.
 *   A branch-level alert has `deviceId: null` (e.g. `{ branchId, deviceId: null, type: 'checklist-overdue', code: 'opening' }`).
 * - `TasksService`
 *   - `open({ kind, branchId, deviceId, problem, severity, note?, alertIds?, at? }): Promise<TaskView>`
 *     one open task per (device, problem): a recurrence attaches to the open one (or reopens one closed within 24 h).
 *     `deviceId` may be `null` for a branch-level problem (a dead agent); `TaskView.deviceId` is then `null` too.
 *   - `findOpen({ branchId?, deviceId?, kind? }): Promise<TaskView[]>` tasks not resolved, closed or cancelled.
 * - `NotificationsService`
 *   - `notify(n: Notification): Promise<void>` where `Notification` is
 *     `{ branchId, deviceId?, roles: Role[], severity, title, text, kind, dedupeKey?, at?, ignoreSilences? }`.
 *     Durable (outbox) and at-least-once to every matching webhook; `dedupeKey` makes repeated calls
 *     harmless. E.g. an overdue checklist to the branch head:
 *     `notify({ branchId, roles: ['branch-head'], severity: 'minor', kind: 'checklist.overdue',
 *       title: '开门检查未完成 Opening checklist overdue', text: '…', dedupeKey: `checklist-overdue:${checklistId}` })`.
 * Alerting emits `alert.raised`, `alert.updated`, `alert.cleared` and `task.changed` on the
 * domain event bus (`alerting.events.ts`); the central server's stream shows them to browsers.
 */
export * from './alerting.types';
export * from './alerts/alerts.service';
export * from './tasks/tasks.service';
export * from './notifications/notifications.service';
export * from './alerts/alert-key';
export * from './events/visibility';
export * from './notifications/silences.service';
export * from './notifications/webhooks.service';
export * from './notifications/outbox-dispatcher';
export * from './rules/alert-rules.schema';
export * from './rules/alerting-config';
export * from './rules/alert-engine.service';
export { DeviceSweepPlan } from './rules/device-sweep-plan';
export * from './alerting.providers';
export * from './notifications/webhook-target';
export * from './notifications/guarded-sender';
export * from './migrations';
export * from './alerting.events';
export * from './self-service/self-service-notifier.service';
export * from './alerts/alert-words';
export * from './tasks/task-words';
