import { z } from 'zod';

/**
 * What a branch's self-service area (自助设备) can do for customers now, from its cash machines'
 * live state: `withdraw-and-deposit` (可取款、可存款), `withdraw-only` (仅可取款), `deposit-only`
 * (仅可存款), `unavailable` (不可用). A branch without cash machines has none (`null`).
 */
export const SELF_SERVICE_STATES = ['withdraw-and-deposit', 'withdraw-only', 'deposit-only', 'unavailable'] as const;
export const SelfServiceStateSchema = z.enum(SELF_SERVICE_STATES);
export type SelfServiceState = z.infer<typeof SelfServiceStateSchema>;
