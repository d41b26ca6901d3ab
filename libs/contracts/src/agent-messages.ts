import { z } from 'zod';
import { DeviceKindSchema } from './device-kind';
import { FreeJsonObjectSchema } from './free-json';
import { IdSchema, IsoDateTimeSchema } from './ids';

const SeqSchema = z.number().int().nonnegative();

/** Retained birth on `lobby/v1/{branch}/agent/state`. */
export const AgentBirthSchema = z.object({
  online: z.literal(true),
  seq: SeqSchema,
  bootId: z.string().min(1).max(64),
  ts: IsoDateTimeSchema,
  agentVersion: z.string().min(1).max(64),
  /** `name` and `location`: from the agent's config; a name an admin set through the API wins. */
  devices: z
    // `nameEn` (an addition): the device's English name, where it differs; `name` stays the name people read first.
    .array(z.object({ id: IdSchema, kind: DeviceKindSchema, name: z.string().min(1).max(200).optional(), nameEn: z.string().min(1).max(200).optional(), location: z.string().min(1).max(200).optional() }))
    .max(1000),
});
export type AgentBirth = z.infer<typeof AgentBirthSchema>;

/** The agent's MQTT will (and clean shutdown) on the same topic. Carries no seq. */
export const AgentDeathSchema = z.object({ online: z.literal(false) });
export type AgentDeath = z.infer<typeof AgentDeathSchema>;

export const AgentStateSchema = z.discriminatedUnion('online', [AgentBirthSchema, AgentDeathSchema]);
export type AgentState = z.infer<typeof AgentStateSchema>;

/** `lobby/v1/{branch}/agent/health`, every 60 s. */
export const AgentHealthSchema = z.object({
  seq: SeqSchema,
  ts: IsoDateTimeSchema,
  uptimeS: z.number().nonnegative(),
  bufferQueued: z.number().int().nonnegative(),
  bufferDropped: z.number().int().nonnegative(),
  clockSkewMs: z.number(),
});
export type AgentHealth = z.infer<typeof AgentHealthSchema>;

export const AGENT_EVENT_TYPES = ['buffer.dropped', 'device.unplugged', 'device.replugged', 'config.invalid'] as const;
export const AgentEventTypeSchema = z.enum(AGENT_EVENT_TYPES);
export type AgentEventType = z.infer<typeof AgentEventTypeSchema>;

const EventDataSchema = FreeJsonObjectSchema;

/** `lobby/v1/{branch}/agent/event`. */
export const AgentEventSchema = z.object({
  seq: SeqSchema,
  ts: IsoDateTimeSchema,
  type: AgentEventTypeSchema,
  data: EventDataSchema.default({}),
});
export type AgentEvent = z.infer<typeof AgentEventSchema>;

export const DEVICE_EVENT_TYPES = [
  'paper.replaced',
  'ribbon.replaced',
  'cover.opened',
  'cover.closed',
  'door.opened',
  'door.closed',
  'cash.replenished',
] as const;
export const DeviceEventTypeSchema = z.enum(DEVICE_EVENT_TYPES);
export type DeviceEventType = z.infer<typeof DeviceEventTypeSchema>;

/** `lobby/v1/{branch}/device/{device}/event`. */
export const DeviceEventSchema = z.object({
  seq: SeqSchema,
  ts: IsoDateTimeSchema,
  type: DeviceEventTypeSchema,
  data: EventDataSchema.default({}),
  historical: z.boolean().optional(),
});
export type DeviceEvent = z.infer<typeof DeviceEventSchema>;

/** Retained `lobby/v1/central/state`; the server's will sets `online: false`. */
export const CentralStateSchema = z.object({
  online: z.boolean(),
  ts: IsoDateTimeSchema.optional(),
});
export type CentralState = z.infer<typeof CentralStateSchema>;
