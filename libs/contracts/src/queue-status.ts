import { z } from 'zod';
import { IsoDateTimeSchema } from './ids';

/**
 * Optional: a branch's queue system (排队叫号系统) reports how many customers wait and for how long,
 * on `lobby/v1/{branch}/queue/status` (agent or queue system → server, QoS 1, not retained), on
 * every change and at least every 5 minutes. A snapshot: the newest `ts` wins; no `seq`.
 */
export const QueueStatusSchema = z.object({
  ts: IsoDateTimeSchema,
  /** Customers waiting now. */
  waiting: z.number().int().min(0).max(100_000),
  /** The longest current wait, seconds. */
  longestWaitS: z.number().int().min(0).max(7 * 86_400),
  /** The mean current wait, seconds (optional). */
  meanWaitS: z.number().int().min(0).max(7 * 86_400).optional(),
});
export type QueueStatus = z.infer<typeof QueueStatusSchema>;

/** The manual: a customer waiting over about 15 minutes needs care. */
export const LONG_WAIT_S = 15 * 60;
