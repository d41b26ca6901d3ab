import { z } from 'zod';
import { DeviceKindSchema } from './device-kind';
import { BranchIdSchema, IdSchema } from './ids';

/**
 * The edge agent's config file (README.md), YAML or JSON. Serial paths that start with
 * `sim:` (e.g. `sim:tp-1`) open an in-process simulated device instead of a real port: the
 * driver, codec and serial stream are the real ones, only the byte source differs (demo, tests).
 */
export const SerialTransportSchema = z
  .object({ type: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().positive().optional() })
  .strict();
export const ModbusTransportSchema = z
  .object({
    type: z.literal('modbus-rtu'),
    path: z.string().min(1),
    baudRate: z.number().int().positive().optional(),
    unitId: z.number().int().min(1).max(247),
  })
  .strict();
export const MqttTransportSchema = z
  .object({
    type: z.literal('mqtt'),
    url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt:// or mqtts:// URL'),
    username: z.string().optional(),
    password: z.string().optional(),
    topic: z.string().min(1).optional(),
  })
  .strict();
export const TransportSchema = z.discriminatedUnion('type', [SerialTransportSchema, ModbusTransportSchema, MqttTransportSchema]);
export type SerialTransport = z.infer<typeof SerialTransportSchema>;
export type ModbusTransport = z.infer<typeof ModbusTransportSchema>;
export type MqttTransport = z.infer<typeof MqttTransportSchema>;
export type Transport = z.infer<typeof TransportSchema>;

/** Optional per-device timing and thresholds; each driver documents its defaults. */
export const DeviceRuntimeSettingsSchema = z
  .object({
    pollIntervalMs: z.number().int().min(50).max(3_600_000).optional(),
    timeoutMs: z.number().int().min(10).max(60_000).optional(),
    heartbeatIntervalMs: z.number().int().min(1000).max(3_600_000).optional(),
    silenceTimeoutMs: z.number().int().min(1000).max(3_600_000).optional(),
    lampCurrentThresholdMa: z.number().int().nonnegative().optional(),
    supportsPowerOff: z.boolean().optional(),
  })
  .strict();
export type DeviceRuntimeSettings = z.infer<typeof DeviceRuntimeSettingsSchema>;

/** Simulated devices (`sim:` paths) only: `autoplay` starts their demo behaviour (customers, wear). */
export const SimulateSettingsSchema = z.object({ autoplay: z.boolean().optional() }).strict();
export type SimulateSettings = z.infer<typeof SimulateSettingsSchema>;

/** One scripted simulator action (`paper-out`, `burn-out`, …) this long after the device starts. */
export const SimulatorScriptStepSchema = z
  .object({ atMs: z.number().int().min(0).max(86_400_000), action: z.string().min(1).max(64) })
  .strict();
export type SimulatorScriptStep = z.infer<typeof SimulatorScriptStepSchema>;

/** A device's own simulation: `script` plays first (the demo's opening scene), autoplay after it. */
export const DeviceSimulateSettingsSchema = SimulateSettingsSchema.extend({ script: z.array(SimulatorScriptStepSchema).max(200).optional() }).strict();
export type DeviceSimulateSettings = z.infer<typeof DeviceSimulateSettingsSchema>;

export const AgentDeviceConfigSchema = z
  .object({
    id: IdSchema,
    kind: DeviceKindSchema,
    name: z.string().min(1).max(200).optional(),
    /** Where it stands in the lobby (`entrance`, `self-service area`); sent in the birth like `name`. */
    location: z.string().min(1).max(200).optional(),
    transport: TransportSchema,
    settings: DeviceRuntimeSettingsSchema.optional(),
    simulate: DeviceSimulateSettingsSchema.optional(),
  })
  .strict();
export type AgentDeviceConfig = z.infer<typeof AgentDeviceConfigSchema>;

export const AgentConfigSchema = z
  .object({
    branch: BranchIdSchema,
    mqtt: z
      .object({
        url: z.string().regex(/^(mqtts?|wss?|tcp):\/\//, 'must be an mqtt:// or mqtts:// URL'),
        username: z.string().min(1),
        password: z.string().min(1),
      })
      .strict(),
    bufferPath: z.string().min(1),
    bufferMaxBytes: z.number().int().min(4096).optional(),
    healthIntervalMs: z.number().int().min(1000).optional(),
    logLevel: z.enum(['error', 'warn', 'info', 'debug']).optional(),
    /** Default for every simulated device of this agent; a device's own `simulate` wins. */
    simulate: SimulateSettingsSchema.optional(),
    devices: z.array(AgentDeviceConfigSchema).max(500),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.devices.forEach((device, index) => {
      if (seen.has(device.id)) ctx.addIssue({ code: 'custom', path: ['devices', index, 'id'], message: `duplicate device id ${device.id}` });
      seen.add(device.id);
    });
  });
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
