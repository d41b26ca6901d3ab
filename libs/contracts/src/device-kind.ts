import { z } from 'zod';

/**
 * Every device kind the fleet knows. A new kind is added here (its name) and as one folder
 * under libs/devices (its driver, codec, simulator and default settings).
 */
export const DEVICE_KINDS = ['ticket-printer', 'cash-dispenser', 'light-box', 'receipt-box'] as const;
export const DeviceKindSchema = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;
