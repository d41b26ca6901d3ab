import { z } from 'zod';

/** `GET /api/branches/{id}/customer-flow?from=&to=`: branch-local dates, default today, at most 31 days. */
export const CustomerFlowQuerySchema = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() }).strict();
export type CustomerFlowQuery = z.infer<typeof CustomerFlowQuerySchema>;
