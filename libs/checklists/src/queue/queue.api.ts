import { z } from 'zod';

/** `GET /api/branches/{id}/queue?date=`: a branch-local date, default today. */
export const QueueQuerySchema = z.object({ date: z.iso.date().optional() }).strict();
export type QueueQuery = z.infer<typeof QueueQuerySchema>;
