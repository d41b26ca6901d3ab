import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeIssues, type Role, Severity } from '@lobby/contracts';
import { ConfigError } from '@lobby/platform';
import { TASK_KIND_ROLE } from '../alerting.types';
import { AlertingFileSchema, Rule, RuleInput, RuleSchema } from './alert-rules.schema';
import { DEFAULT_RULES } from './default-rules';

/** The validated alerting configuration (`config/alert-rules.yaml` over the defaults), times in ms. */
export interface AlertingConfig {
  preOpeningMs: number;
  lightBoxSchedule: { /** `sunset` or `HH:MM` */ on: string; off: string };
  sunsetFallback: string;
  startupGraceMs: number;
  tickMs: number;
  escalation: { afterMs: number; severities: Severity[]; roles: Role[] };
  repeat: { everyMs: number; severities: Severity[] };
  tasks: { deadlines: Record<Severity, { responseMs: number; resolveMs: number }>; reopenWithinMs: number; escalationRoles: Role[] };
  webhooks: { robotMessagesPerMinute: number; timeoutMs: number; retryBaseMs: number; retryMaxMs: number; maxAttempts: number };
  rules: Rule[];
}

/** Injection token of the `AlertingConfig`. */
export const AlertingConfigToken = Symbol('AlertingConfig');

const MIN = 60_000;

/** Parses the file's content (already YAML-decoded) into the config; throws a readable `ConfigError`. */
export function parseAlertingConfig(raw: unknown, source = 'alert rules'): AlertingConfig {
  const parsed = AlertingFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(`${source} is invalid: ${describeIssues(parsed.error).join('; ')}`);
  const f = parsed.data;
  const deadline = (d: { responseMinutes: number; resolveMinutes: number }) => ({ responseMs: d.responseMinutes * MIN, resolveMs: d.resolveMinutes * MIN });
  return {
    preOpeningMs: f.preOpeningMinutes * MIN,
    lightBoxSchedule: f.lightBoxSchedule,
    sunsetFallback: f.sunsetFallback,
    startupGraceMs: f.startupGraceSeconds * 1000,
    tickMs: f.tickSeconds * 1000,
    escalation: { afterMs: f.escalation.afterMinutes * MIN, severities: f.escalation.severities, roles: f.escalation.roles },
    repeat: { everyMs: f.repeat.everyMinutes * MIN, severities: f.repeat.severities },
    tasks: {
      deadlines: {
        critical: deadline(f.tasks.deadlines.critical),
        major: deadline(f.tasks.deadlines.major),
        minor: deadline(f.tasks.deadlines.minor),
        warning: deadline(f.tasks.deadlines.warning),
      },
      reopenWithinMs: f.tasks.reopenWithinHours * 3600_000,
      escalationRoles: f.tasks.escalationRoles,
    },
    webhooks: {
      robotMessagesPerMinute: f.webhooks.robotMessagesPerMinute,
      timeoutMs: f.webhooks.timeoutSeconds * 1000,
      retryBaseMs: f.webhooks.retryBaseSeconds * 1000,
      retryMaxMs: f.webhooks.retryMaxSeconds * 1000,
      maxAttempts: f.webhooks.maxAttempts,
    },
    rules: mergeRules(f.rules, source),
  };
}

/** Reads the rules file; a missing file means the defaults, unless it was asked for explicitly. */
export function loadAlertingConfig(path: string, explicit = false): AlertingConfig {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`alert rules file ${path} not found`);
    return parseAlertingConfig({}, 'default alert rules');
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`alert rules file ${path} is not valid YAML/JSON: ${(error as Error).message}`);
  }
  return parseAlertingConfig(raw, `alert rules file ${path}`);
}

/** Entries with a default rule's id patch it (`enabled: false` turns it off); other ids are new rules. */
function mergeRules(entries: (Partial<RuleInput> & { id: string })[], source: string): Rule[] {
  const byId = new Map<string, RuleInput>(DEFAULT_RULES.map((r) => [r.id, r]));
  const order = DEFAULT_RULES.map((r) => r.id);
  for (const entry of entries) {
    const base = byId.get(entry.id);
    if (!base) order.push(entry.id);
    byId.set(entry.id, base ? { ...base, ...entry, alert: { ...base.alert, ...entry.alert } } : (entry as RuleInput));
  }
  const rules: Rule[] = [];
  const problems: string[] = [];
  for (const id of order) {
    const parsed = RuleSchema.safeParse(byId.get(id));
    if (parsed.success) rules.push(parsed.data);
    else problems.push(...describeIssues(parsed.error).map((d) => `rule ${id}: ${d}`));
  }
  if (problems.length) throw new ConfigError(`${source} is invalid: ${problems.join('; ')}`);
  const types = new Map<string, string>();
  for (const rule of rules.filter((r) => r.enabled)) {
    const held = types.get(rule.alert.type);
    // One rule per alert type: the condition rows and alerts of a type belong to one rule.
    if (held) problems.push(`rules ${held} and ${rule.id} raise the same alert type ${rule.alert.type}`);
    types.set(rule.alert.type, rule.id);
  }
  if (problems.length) throw new ConfigError(`${source} is invalid: ${problems.join('; ')}`);
  return rules.filter((r) => r.enabled);
}

/** Who a rule's alert is for: its own list, else the lobby manager and the role of its task kind. */
export function notifyRolesOf(rule: Rule): Role[] {
  if (rule.alert.notifyRoles?.length) return rule.alert.notifyRoles;
  const roles: Role[] = ['lobby-manager'];
  if (rule.task && !roles.includes(TASK_KIND_ROLE[rule.task.kind])) roles.push(TASK_KIND_ROLE[rule.task.kind]);
  return roles;
}
