import { z } from 'zod';

/**
 * The XFS4IoT-style status JSON a cash dispenser's monitoring client publishes (docs/protocols/cash-dispenser.md).
 * Every section and field is optional: a message updates what it carries. Unknown fields are
 * stripped (newer firmware may send more); a known field of the wrong type or an unknown enum
 * value rejects the whole message, since half-trusting it could clear a real fault.
 */
export const XFS_DEVICE_STATES = ['online', 'offline', 'powerOff', 'noDevice', 'hardwareError', 'userError', 'deviceBusy'] as const;
export const XFS_PAPER_STATES = ['full', 'low', 'out', 'jammed', 'unknown'] as const;
export const XFS_TONER_STATES = ['full', 'low', 'out', 'unknown'] as const;
export const XFS_DISPENSER_STATES = ['ok', 'attention', 'stop', 'unknown'] as const;
export const XFS_SHUTTER_STATES = ['closed', 'open', 'jammedOpen', 'jammedClosed', 'unknown'] as const;
export const XFS_SAFE_DOOR_STATES = ['doorOpen', 'doorClosed', 'doorUnknown'] as const;
export const XFS_UNIT_STATES = ['ok', 'inoperative', 'missing', 'manipulated'] as const;
export const XFS_REPLENISHMENT_STATES = ['ok', 'full', 'high', 'low', 'empty'] as const;

/** Storage unit ids as the reading carries them (`cash[].unit`, at most 32 characters). */
const UNIT_ID = /^[A-Za-z0-9_.-]{1,32}$/;
const MAX_UNITS = 16;

export const XfsStorageUnitSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code').optional(),
  value: z.number().nonnegative().optional(),
  count: z.number().int().nonnegative().optional(),
  status: z.enum(XFS_UNIT_STATES).optional(),
  replenishmentStatus: z.enum(XFS_REPLENISHMENT_STATES).optional(),
});
export type XfsStorageUnit = z.infer<typeof XfsStorageUnitSchema>;

export const XfsStatusSchema = z.object({
  common: z.object({ device: z.enum(XFS_DEVICE_STATES).optional() }).optional(),
  printer: z
    .object({
      paper: z.object({ upper: z.enum(XFS_PAPER_STATES).optional() }).optional(),
      toner: z.enum(XFS_TONER_STATES).optional(),
    })
    .optional(),
  cashManagement: z
    .object({
      dispenser: z.enum(XFS_DISPENSER_STATES).optional(),
      shutter: z.enum(XFS_SHUTTER_STATES).optional(),
      safeDoor: z.enum(XFS_SAFE_DOOR_STATES).optional(),
    })
    .optional(),
  storage: z
    .record(z.string().regex(UNIT_ID, 'storage unit ids are 1-32 of [A-Za-z0-9_.-]'), XfsStorageUnitSchema)
    .refine((units) => Object.keys(units).length <= MAX_UNITS, { message: `at most ${MAX_UNITS} storage units` })
    .optional(),
});
export type XfsStatus = z.infer<typeof XfsStatusSchema>;

/** Where the machine publishes unless its transport names a topic (docs/protocols/cash-dispenser.md). */
export function defaultXfsStatusTopic(deviceId: string): string {
  return `xfs/${deviceId}/status`;
}
