import { z } from 'zod';
import { DeviceKindSchema } from './device-kind';
import { IsoDateTimeSchema } from './ids';

export const FAULT_CODES = [
  'cover-open',
  'cutter-error',
  'mechanical-error',
  'unrecoverable-error',
  'recoverable-error',
  'paper-jam',
  'print-head-error',
  'door-open',
  'lamp-failure',
  'relay-stuck',
  'dispenser-stop',
  'shutter-jammed',
  'safe-door-open',
  'hardware-error',
  'compartments-full',
  'protocol-error',
] as const;
export const FaultCodeSchema = z.enum(FAULT_CODES);
export type FaultCode = z.infer<typeof FaultCodeSchema>;

export const LinkSchema = z.enum(['up', 'down']);
export type Link = z.infer<typeof LinkSchema>;
export const DeviceStateSchema = z.enum(['ok', 'warning', 'fault', 'offline', 'power-off']);
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const ConsumableLevelSchema = z.enum(['ok', 'low', 'out', 'unknown']);
export type ConsumableLevel = z.infer<typeof ConsumableLevelSchema>;
const ConsumableSchema = z.object({ level: ConsumableLevelSchema });

export const ConsumablesSchema = z.object({
  paper: ConsumableSchema.optional(),
  ribbon: ConsumableSchema.optional(),
});
export type Consumables = z.infer<typeof ConsumablesSchema>;

const CounterSchema = z.number().int().nonnegative();
/** Lifetime counters: `ticketsPrinted` (ticket printer), `linesPrinted` (receipt box). */
export const CountersSchema = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/), CounterSchema);
export type Counters = z.infer<typeof CountersSchema>;

export const CashLevelSchema = z.enum(['ok', 'high', 'full', 'low', 'empty', 'missing', 'inoperative']);
export type CashLevel = z.infer<typeof CashLevelSchema>;
export const CashUnitSchema = z.object({
  unit: z.string().min(1).max(32),
  currency: z.string().regex(/^[A-Z]{3}$/),
  denomination: z.number().nonnegative(),
  count: z.number().int().nonnegative(),
  level: CashLevelSchema,
});
export type CashUnit = z.infer<typeof CashUnitSchema>;

export const LampSchema = z.object({
  switchedOn: z.boolean(),
  currentMa: z.number().nonnegative(),
});
export type Lamp = z.infer<typeof LampSchema>;

/** Receipt-box compartments (an addition to docs/mqtt.md, optional). */
export const CompartmentsSchema = z.object({
  total: z.number().int().nonnegative(),
  full: z.number().int().nonnegative(),
});
export type Compartments = z.infer<typeof CompartmentsSchema>;

/** The normalized part of a device status: what the device is like, without envelope. */
export const DeviceReadingSchema = z.object({
  kind: DeviceKindSchema,
  link: LinkSchema,
  state: DeviceStateSchema,
  faults: z.array(FaultCodeSchema).max(FAULT_CODES.length),
  consumables: ConsumablesSchema.optional(),
  counters: CountersSchema.optional(),
  cash: z.array(CashUnitSchema).max(16).optional(),
  lamp: LampSchema.optional(),
  compartments: CompartmentsSchema.optional(),
});
export type DeviceReading = z.infer<typeof DeviceReadingSchema>;

/** `lobby/v1/{branch}/device/{device}/status` (docs/mqtt.md). Unknown fields are stripped. */
export const DeviceStatusSchema = DeviceReadingSchema.extend({
  seq: z.number().int().nonnegative(),
  ts: IsoDateTimeSchema,
  historical: z.boolean().optional(),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;
