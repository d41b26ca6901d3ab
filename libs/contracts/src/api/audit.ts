import { z } from 'zod';
import { IsoDateTimeSchema } from '../ids';
import { ListQuerySchema } from './devices';

/** `GET /api/audit` query: filters by actor, action and time (ISO-8601 with offset), paged. */
export const AuditQuerySchema = ListQuerySchema.extend({
  actor: z.string().min(1).max(64).optional(),
  action: z.string().min(1).max(64).optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
}).strict();
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
