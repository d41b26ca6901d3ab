import { z } from 'zod';
import { AgentEventTypeSchema, CashLevelSchema, ConsumableLevelSchema, DeviceKindSchema, FaultCodeSchema, RoleSchema, SEVERITIES, TASK_KINDS } from '@lobby/contracts';

const SeveritySchema = z.enum(SEVERITIES);
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const seconds = z.number().int().min(0).max(7 * 24 * 3600);

/** What a rule looks at. Each condition yields zero or more hits (e.g. one per fault code). */
export const ConditionSchema = z.discriminatedUnion('type', [
  /** A consumable at one of these levels (`paper`, `ribbon`). */
  z.object({ type: z.literal('consumable'), consumable: z.enum(['paper', 'ribbon']), levels: z.array(ConsumableLevelSchema).min(1) }).strict(),
  /** Any of these fault codes; one hit (alert code) per code present. */
  z.object({ type: z.literal('fault'), codes: z.array(FaultCodeSchema).min(1) }).strict(),
  /** A cash unit at one of these levels; one hit per unit (alert code = unit). */
  z.object({ type: z.literal('cash'), levels: z.array(CashLevelSchema).min(1) }).strict(),
  /** Every receipt-box compartment full (fault `compartments-full`, or `compartments.full >= total`). */
  z.object({ type: z.literal('compartments-full') }).strict(),
  /** The device does not answer (link down), reports itself offline or switched off, while its schedule says on. */
  z.object({ type: z.literal('offline') }).strict(),
  /** A light box unlit (relay off, or lamp failure) while its light schedule says lit. */
  z.object({ type: z.literal('lamp-unlit') }).strict(),
  /** The branch's edge agent is dead (its will, or not heard since a central restart). */
  z.object({ type: z.literal('agent-offline') }).strict(),
  /** An agent event (a pulse: true when it arrives, false at once; the clear delay is the quiet time). */
  z.object({ type: z.literal('agent-event'), events: z.array(AgentEventTypeSchema).min(1) }).strict(),
  /** The agent's sequence numbers have holes no replay filled (from its health reports). */
  z.object({ type: z.literal('seq-gap'), minMissing: z.number().int().min(1).default(1) }).strict(),
  /** The agent's clock is off by more than this (from its health reports). */
  z.object({ type: z.literal('clock-skew'), overMs: z.number().int().min(0) }).strict(),
]);
export type Condition = z.infer<typeof ConditionSchema>;

const TaskSpecSchema = z
  .object({
    kind: z.enum(TASK_KINDS),
    /** Open the task only once the alert has been active this long. */
    afterSeconds: seconds.default(0),
    /** The problem the task is about (one open task per device and problem); default the alert type and code. */
    problem: z.string().regex(/^[a-z0-9:_-]{1,100}$/).optional(),
  })
  .strict();

export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,64}$/),
    enabled: z.boolean().default(true),
    when: ConditionSchema,
    /** Only for these device kinds (default: any kind that has the condition). */
    kinds: z.array(DeviceKindSchema).min(1).optional(),
    alert: z
      .object({
        type: z.string().regex(/^[a-z0-9-]{1,64}$/),
        severity: SeveritySchema,
        /** A different severity for some kinds (a ticket printer out of paper issues no tickets: critical). */
        severityByKind: z.partialRecord(DeviceKindSchema, SeveritySchema).optional(),
        /** Roles told (webhook role filters, escalation). Default: the role of the task kind, and the lobby manager. */
        notifyRoles: z.array(RoleSchema).optional(),
        /** Title shown to people (Chinese first); default per type. */
        title: z.string().min(1).max(200).optional(),
      })
      .strict(),
    /** The condition must hold this long before the alert is raised (hysteresis). */
    raiseDelaySeconds: seconds.default(0),
    /** The condition must stay false this long before the alert clears (hysteresis). */
    clearDelaySeconds: seconds.default(0),
    task: TaskSpecSchema.optional(),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;

const DeadlineSchema = z.object({ responseMinutes: z.number().int().min(1), resolveMinutes: z.number().int().min(1) }).strict();

/** A rule entry in the file: a full new rule, or a partial patch of a default rule by id. */
const RuleEntrySchema = z.object({ id: z.string() }).loose();

export const AlertingFileSchema = z
  .object({
    /** Devices are expected on from this long before opening (营业前 checks). */
    preOpeningMinutes: z.number().int().min(0).max(24 * 60).default(60),
    /** A light box without its own `settings.lightSchedule` is lit on this schedule. */
    lightBoxSchedule: z.object({ on: z.union([z.literal('sunset'), HHMM]), off: HHMM }).strict().default({ on: 'sunset', off: '22:00' }),
    /** `sunset` where the branch has no location. */
    sunsetFallback: HHMM.default('18:00'),
    /** After a central restart, nothing is called offline before this (agents re-announce). */
    startupGraceSeconds: seconds.default(90),
    /** How often the time-based sweep runs. */
    tickSeconds: z.number().int().min(1).max(300).default(5),
    escalation: z
      .object({
        afterMinutes: z.number().int().min(1).default(15),
        severities: z.array(SeveritySchema).default(['critical', 'major']),
        roles: z.array(RoleSchema).min(1).default(['branch-head']),
      })
      .strict()
      .prefault({}),
    repeat: z
      .object({
        everyMinutes: z.number().int().min(1).default(60),
        severities: z.array(SeveritySchema).default(['critical', 'major', 'minor']),
      })
      .strict()
      .prefault({}),
    tasks: z
      .object({
        deadlines: z
          .object({ critical: DeadlineSchema, major: DeadlineSchema, minor: DeadlineSchema, warning: DeadlineSchema })
          .strict()
          .default({
            critical: { responseMinutes: 30, resolveMinutes: 4 * 60 },
            major: { responseMinutes: 2 * 60, resolveMinutes: 8 * 60 },
            minor: { responseMinutes: 4 * 60, resolveMinutes: 24 * 60 },
            warning: { responseMinutes: 4 * 60, resolveMinutes: 24 * 60 },
          }),
        reopenWithinHours: z.number().min(0).max(24 * 30).default(24),
        escalationRoles: z.array(RoleSchema).min(1).default(['branch-head']),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        /** Group robots (WeCom, DingTalk) take about 20 messages a minute each. */
        robotMessagesPerMinute: z.number().int().min(1).max(1000).default(20),
        timeoutSeconds: z.number().int().min(1).max(120).default(10),
        retryBaseSeconds: z.number().int().min(1).default(10),
        retryMaxSeconds: z.number().int().min(1).default(3600),
        maxAttempts: z.number().int().min(1).max(1000).default(20),
      })
      .strict()
      .prefault({}),
    rules: z.array(RuleEntrySchema).default([]),
  })
  .strict();
export type AlertingFile = z.input<typeof AlertingFileSchema>;
