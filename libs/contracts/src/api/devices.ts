import { z } from 'zod';
import { CommandActionSchema, CommandArgsSchema } from '../commands';
import { DeviceKindSchema } from '../device-kind';
import { DeviceStateSchema } from '../device-status';
import { BranchIdSchema, IdSchema } from '../ids';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** Per-device settings an admin may change (docs/api.md). All optional; defaults per kind. */
export const DeviceSettingsSchema = z
  .object({
    paperRollCapacity: z.number().int().positive().max(1_000_000).optional(),
    ribbonLifeLines: z.number().int().positive().max(100_000_000).optional(),
    lampCurrentThresholdMa: z.number().int().nonnegative().max(100_000).optional(),
    /** Usage per opening hour (tickets, lines or notes) until the device's own profile is learned. */
    usagePerOpenHour: z.number().positive().max(100_000).optional(),
    lightSchedule: z.object({ on: z.union([z.literal('sunset'), HHMM]), off: HHMM }).strict().optional(),
    /** Switched off (`power.off`) once the closing checklist is signed off; overrides the branch's `nightPowerOff` kinds. */
    nightPowerOff: z.boolean().optional(),
    /** A cash recycler (存取款一体机) that takes deposits; a plain ATM only dispenses. */
    takesDeposits: z.boolean().optional(),
  })
  .strict();
export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>;

export const RegisterDeviceSchema = z
  .object({ id: IdSchema, branchId: BranchIdSchema, kind: DeviceKindSchema, name: z.string().min(1).max(200).optional(), nameEn: z.string().min(1).max(200).optional() })
  .strict();
export type RegisterDevice = z.infer<typeof RegisterDeviceSchema>;

export const UpdateDeviceSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    /** The English name where it differs from `name` (one field per language); null removes it. */
    nameEn: z.string().min(1).max(200).nullable().optional(),
    location: z.string().max(200).nullable().optional(),
    settings: DeviceSettingsSchema.optional(),
    decommissioned: z.boolean().optional(),
  })
  .strict();
export type UpdateDevice = z.infer<typeof UpdateDeviceSchema>;

export const ListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ListQuery = z.infer<typeof ListQuerySchema>;

export const DeviceListQuerySchema = ListQuerySchema.extend({
  branch: BranchIdSchema.optional(),
  kind: DeviceKindSchema.optional(),
  state: DeviceStateSchema.optional(),
}).strict();
export type DeviceListQuery = z.infer<typeof DeviceListQuerySchema>;

/** `limit` caps each of the two lists of one page; `cursor` is the previous page's `next`. */
export const HistoryQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
  });
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

export const IssueCommandSchema = z.object({ action: CommandActionSchema, args: CommandArgsSchema.optional() }).strict();
export type IssueCommand = z.infer<typeof IssueCommandSchema>;
