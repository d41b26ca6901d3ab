import { z } from 'zod';
import { FreeJsonObjectSchema } from './free-json';
import { IsoDateTimeSchema } from './ids';

export const COMMAND_ACTIONS = ['status.refresh', 'lamp.on', 'lamp.off', 'ribbon.reset', 'power.off', 'counter.reset'] as const;
export const CommandActionSchema = z.enum(COMMAND_ACTIONS);
export type CommandAction = z.infer<typeof CommandActionSchema>;

export const CommandIdSchema = z.string().min(1).max(64);
export const CommandArgsSchema = FreeJsonObjectSchema;

/** `lobby/v1/{branch}/device/{device}/cmd` (server → agent). */
export const DeviceCommandSchema = z.object({
  id: CommandIdSchema,
  action: CommandActionSchema,
  args: CommandArgsSchema.optional(),
  expiresAt: IsoDateTimeSchema,
});
export type DeviceCommand = z.infer<typeof DeviceCommandSchema>;

/** `…/cmd/result` (agent → server). No seq: never dropped as a duplicate. */
export const CommandResultSchema = z.object({
  id: CommandIdSchema,
  ok: z.boolean(),
  error: z.string().max(1000).optional(),
  ts: IsoDateTimeSchema,
});
export type CommandResult = z.infer<typeof CommandResultSchema>;

/** Default life of a command that names no expiry (docs/mqtt.md). */
export const DEFAULT_COMMAND_TTL_MS = 60_000;
/** Command result `error` when the agent received it after `expiresAt`. */
export const COMMAND_EXPIRED_ERROR = 'expired';

/** Which actions a kind accepts at all; the agent still refuses what a device cannot do. */
export const KIND_COMMANDS: Record<import('./device-kind').DeviceKind, readonly CommandAction[]> = {
  'ticket-printer': ['status.refresh', 'power.off', 'counter.reset'],
  'cash-dispenser': ['status.refresh'],
  'light-box': ['status.refresh', 'lamp.on', 'lamp.off'],
  'receipt-box': ['status.refresh', 'ribbon.reset', 'power.off'],
};
