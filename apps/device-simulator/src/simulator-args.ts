import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IdSchema, MqttTransportSchema } from '@lobby/contracts';

export const USAGE = [
  'device-simulator --kind ticket-printer|receipt-box|light-box --path /dev/pts/N [--baud 9600] [--unit-id 1] [--autoplay]',
  'device-simulator --kind cash-dispenser --url mqtt://host:1883 --device ID [--topic T] [--username U --password P] [--autoplay]',
  'Control: one action name per line on stdin (e.g. paper-near-end, burn-out, paper-low).',
].join('\n');

const PortNumber = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const SerialArgsSchema = z
  .object({
    kind: z.enum(['ticket-printer', 'receipt-box', 'light-box']),
    path: z.string().min(1),
    baudRate: PortNumber(50, 4_000_000).default(9600),
    unitId: PortNumber(1, 247).default(1),
    autoplay: z.boolean().default(false),
  })
  .strict();

const BrokerArgsSchema = z
  .object({
    kind: z.literal('cash-dispenser'),
    url: MqttTransportSchema.shape.url,
    deviceId: IdSchema,
    topic: z.string().min(1).optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    autoplay: z.boolean().default(false),
  })
  .strict();

export type SerialSimulatorArgs = z.infer<typeof SerialArgsSchema>;
export type BrokerSimulatorArgs = z.infer<typeof BrokerArgsSchema>;
export type SimulatorArgs = SerialSimulatorArgs | BrokerSimulatorArgs;

export type ParsedArgs = { ok: true; args: SimulatorArgs } | { ok: false; error: string };

const OPTIONS = {
  kind: { type: 'string' },
  path: { type: 'string' },
  baud: { type: 'string' },
  'unit-id': { type: 'string' },
  url: { type: 'string' },
  device: { type: 'string' },
  topic: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  autoplay: { type: 'boolean' },
} as const;

/** argv (without node and script) → typed options, or a readable reason. Never throws. */
export function parseSimulatorArgs(argv: readonly string[]): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const raw = strip({
    kind: values.kind,
    path: values.path,
    baudRate: values.baud,
    unitId: values['unit-id'],
    url: values.url,
    deviceId: values.device,
    topic: values.topic,
    username: values.username,
    password: values.password,
    autoplay: values.autoplay,
  });
  const schema = raw.kind === 'cash-dispenser' ? BrokerArgsSchema : SerialArgsSchema;
  const result = schema.safeParse(raw);
  if (!result.success) return { ok: false, error: result.error.issues.map((issue) => describeIssue(issue, raw)).join('; ') };
  return { ok: true, args: result.data };
}

const FLAGS: Record<string, string> = { baudRate: '--baud', unitId: '--unit-id', deviceId: '--device' };

/** Issues named by the flag the user typed (`--unit-id: …`), unknown keys included. */
function describeIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): string {
  const flag = (key: PropertyKey | undefined): string => (key === undefined ? '' : (FLAGS[String(key)] ?? `--${String(key)}`));
  if (issue.code === 'unrecognized_keys') return `${issue.keys.map(flag).join(', ')} does not apply to this --kind`;
  const key = issue.path[0];
  return key !== undefined && !(String(key) in given) ? `${flag(key)} is required` : `${flag(key)}: ${issue.message}`;
}

/** Drops options not given, so `.strict()` reports only the ones that do not belong to the kind. */
function strip(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
