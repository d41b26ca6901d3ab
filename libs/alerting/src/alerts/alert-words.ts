import { both, MESSAGES, same, spacedZh, type Localized, type MessageKey } from '@lobby/contracts';
import { deviceLabel, faultProfile } from '@lobby/devices';
import type { Rule } from '../rules/alert-rules.schema';
import type { DeviceFacts, AgentFacts } from '../rules/rule-evaluator';

/** An alert type's title for people ("缺纸" / "Out of paper"), never the type itself. */
export function alertTitle(type: string, customTitle?: string): Localized {
  if (customTitle) return same(customTitle);
  const key = `alert.title.${type}`;
  return key in MESSAGES ? both(key as MessageKey) : both('alert.title.other');
}

/** The title with what the code adds: a fault's own name ("切刀故障"), else the type's title. */
export function alertHeadline(row: { type: string; code: string | null }, kind?: DeviceFacts['kind'], customTitle?: string): Localized {
  if (row.type === 'fault' && row.code) return faultProfile(row.code, kind).name;
  return alertTitle(row.type, customTitle);
}

/** "取号机 1（大厅东侧）切刀故障" / "Ticket printer 1 (lobby east): cutter jammed". */
export function deviceAlertMessage(rule: Rule, device: DeviceFacts, code: string | null): Localized {
  const headline = alertHeadline({ type: rule.alert.type, code }, device.kind, rule.alert.title);
  const label = spacedZh(deviceLabel(device));
  // A cash unit's code is the unit name the machine itself shows (CASS1): it names which cassette.
  const what = code && rule.when.type === 'cash' ? both('alert.cashUnit', { unit: code, what: headline }) : headline;
  return both('alert.device', { device: label, what });
}

/** A branch-level alert: the branch by its name, with the figure that matters. */
export function agentAlertMessage(rule: Rule, branch: { id: string; name: string | null }, facts: AgentFacts): Localized {
  const name = branch.name ?? branch.id;
  if (rule.when.type === 'seq-gap' && facts.health) return both('alert.seqGap', { branch: name, missing: facts.health.missingSeq });
  if (rule.when.type === 'clock-skew' && facts.health) return both('alert.clockSkew', { branch: name, seconds: Math.round(facts.health.clockSkewMs / 1000) });
  return both('alert.branch', { branch: name, what: alertTitle(rule.alert.type, rule.alert.title) });
}
