import { LocaleSchema } from '../i18n/locale';
import { z } from 'zod';
import { BranchIdSchema, IdSchema } from '../ids';
import { ListQuerySchema } from './devices';
import { RoleSchema, UsernameSchema } from './users';

/** Alerts, tasks, silences and webhooks over HTTP (docs/api.md). The enums are defined here only. */

/** Alert and task severities, most urgent first. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALERT_STATES = ['active', 'acknowledged', 'cleared'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export const TASK_KINDS = ['repair', 'refill', 'cash-replenishment'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'assigned', 'in-progress', 'resolved', 'closed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const SeveritySchema = z.enum(SEVERITIES);
export const AlertStateSchema = z.enum(ALERT_STATES);
export const TaskKindSchema = z.enum(TASK_KINDS);
export const TaskStatusSchema = z.enum(TASK_STATUSES);

/**
 * A query value that takes a comma list (`state=active,acknowledged`): every value must be one of
 * `values` (400 naming the bad one); repeats are dropped. Documented as a string of that form.
 */
export function commaList<T extends string>(values: readonly T[]) {
  const one = values.join('|');
  return z
    .string()
    .regex(new RegExp(`^(${one})(,(${one}))*$`), `must be a comma list of ${values.join(', ')}`)
    .transform((raw) => [...new Set(raw.split(','))] as T[]);
}

export const ALERT_SORTS = ['raisedAt', 'severity'] as const;
export const TASK_SORTS = ['createdAt', 'resolveDueAt'] as const;

export const AlertListQuerySchema = ListQuerySchema.extend({
  state: commaList(AlertStateSchema.options).optional(),
  severity: commaList(SeveritySchema.options).optional(),
  branch: BranchIdSchema.optional(),
  device: IdSchema.optional(),
  type: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
  /** `raisedAt`: newest first (default); `severity`: most severe first, then newest. */
  sort: z.enum(ALERT_SORTS).optional(),
}).strict();
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

export const AckAlertSchema = z.object({ note: z.string().max(1000).optional() }).strict();
export type AckAlert = z.infer<typeof AckAlertSchema>;

export const TaskListQuerySchema = ListQuerySchema.extend({
  status: commaList(TaskStatusSchema.options).optional(),
  branch: BranchIdSchema.optional(),
  assignee: UsernameSchema.optional(),
  kind: TaskKindSchema.optional(),
  device: IdSchema.optional(),
  /** `true`: only tasks past a deadline; `false`: only those within both. */
  overdue: z.enum(['true', 'false']).optional(),
  /** `createdAt`: newest first (default); `resolveDueAt`: earliest resolution deadline first. */
  sort: z.enum(TASK_SORTS).optional(),
}).strict();
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

export const UpdateTaskSchema = z
  .object({ status: TaskStatusSchema.optional(), assignee: UsernameSchema.optional(), note: z.string().min(1).max(2000).optional() })
  .strict()
  .refine((p) => p.status !== undefined || p.assignee !== undefined || p.note !== undefined, { message: 'give status, assignee or note' });
export type UpdateTask = z.infer<typeof UpdateTaskSchema>;

const IsoSchema = z.iso.datetime({ offset: true });
/** The longest a silence may last: a longer one is a mistake (or hides a device for good). */
export const SILENCE_MAX_DAYS = 90;

export const CreateSilenceSchema = z
  .object({
    deviceId: IdSchema.optional(),
    branchId: BranchIdSchema.optional(),
    startsAt: IsoSchema,
    endsAt: IsoSchema,
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((s) => s.deviceId !== undefined || s.branchId !== undefined, { message: 'give deviceId or branchId' })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: '`endsAt` must be after `startsAt`', path: ['endsAt'] })
  .refine((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) <= SILENCE_MAX_DAYS * 86_400_000, {
    message: `a silence lasts at most ${SILENCE_MAX_DAYS} days`,
    path: ['endsAt'],
  });
export type CreateSilence = z.infer<typeof CreateSilenceSchema>;

export const SilenceListQuerySchema = ListQuerySchema.extend({
  branch: BranchIdSchema.optional(),
  active: z.enum(['true', 'false']).optional(),
}).strict();
export type SilenceListQuery = z.infer<typeof SilenceListQuerySchema>;

export const CreateWebhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(2000),
    format: z.enum(['json', 'wecom', 'dingtalk']),
    secret: z.string().min(1).max(200).optional(),
    branches: z.array(BranchIdSchema).max(10000).optional(),
    roles: z.array(RoleSchema).max(10).optional(),
    minSeverity: SeveritySchema.optional(),
    /** The language of its messages: `zh-CN` (default) or `en`. */
    locale: LocaleSchema.optional(),
  })
  .strict();
export type CreateWebhook = z.infer<typeof CreateWebhookSchema>;
