import { z } from 'zod';
import { BranchIdSchema } from '@lobby/contracts';

/** `GET /api/checklists` query. */
export const ChecklistListQuerySchema = z
  .object({
    branch: BranchIdSchema.optional(),
    date: z.iso.date().optional(),
    kind: z.enum(['opening', 'closing']).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ChecklistListQuery = z.infer<typeof ChecklistListQuerySchema>;

/** `PATCH /api/checklists/{id}/items/{itemId}`: tick (or untick) a manual item. */
export const TickItemSchema = z.object({ done: z.boolean(), note: z.string().max(1000).optional() }).strict();
export type TickItem = z.infer<typeof TickItemSchema>;

/** `POST /api/checklists/{id}/sign-off`. */
export const SignOffSchema = z.object({ note: z.string().max(1000).optional() }).strict();
export type SignOff = z.infer<typeof SignOffSchema>;

/** `GET /api/branches/{id}/daily-log` query. */
export const DailyLogQuerySchema = z
  // `lang` overrides the reader's own language (their `locale`, zh-CN by default).
  .object({ date: z.iso.date().optional(), lang: z.enum(['zh', 'zh-CN', 'en']).optional() })
  .strict();
export type DailyLogQuery = z.infer<typeof DailyLogQuerySchema>;
