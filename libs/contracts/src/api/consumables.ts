import { z } from 'zod';

/**
 * Consumables a lobby manager records by hand (`POST /api/devices/:id/consumables/:consumable/refilled`):
 * 已换纸 (`paper`), 已换色带 (`ribbon`), 已清空回单格 (`compartments`).
 */
export const MANUAL_CONSUMABLES = ['paper', 'ribbon', 'compartments'] as const;
export const ManualConsumableSchema = z.enum(MANUAL_CONSUMABLES);
export type ManualConsumable = z.infer<typeof ManualConsumableSchema>;

export const RecordRefillSchema = z.object({ note: z.string().trim().min(1).max(500).optional() }).strict();
export type RecordRefill = z.infer<typeof RecordRefillSchema>;
