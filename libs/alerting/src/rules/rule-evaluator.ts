import type { AgentEventType, DeviceKind, DeviceReading, Localized, Severity } from '@lobby/contracts';
import type { AlertKey } from '../alerting.types';
import { openKeyOf } from '../alerts/alert-key';
import type { Condition, Rule } from './alert-rules.schema';
import { agentAlertMessage, deviceAlertMessage } from '../alerts/alert-words';

/** A rule whose condition holds for one alert key right now. */
export interface Hit {
  rule: Rule;
  /** The condition's key: the alert's open key. */
  key: string;
  alertKey: AlertKey;
  severity: Severity;
  /** What people read, in both languages. */
  message: Localized;
}

/**
 * The outcome of looking at one device or agent: the hits, and the rules whose truth this
 * look could tell (a rule not `known` keeps its previous state: a silent device's last faults
 * are stale, neither raised nor cleared by its silence).
 */
export interface Evaluation {
  hits: Hit[];
  known: Set<string>;
}

export interface DeviceFacts {
  id: string;
  branchId: string;
  kind: DeviceKind;
  name: string | null;
  nameEn?: string | null;
  location?: string | null;
  decommissioned: boolean;
}

export interface DeviceMoment {
  /** The device's schedule says it should be on (else silence or power-off is normal). */
  expectedOn: boolean;
  /** A light box should be lit. */
  lightRequired: boolean;
}

const DEVICE_CONDITIONS: ReadonlySet<Condition['type']> = new Set(['consumable', 'fault', 'cash', 'compartments-full', 'offline', 'lamp-unlit']);

export function isDeviceRule(rule: Rule): boolean {
  return DEVICE_CONDITIONS.has(rule.when.type);
}

/** Rules whose alert says a device or agent is unreachable (held back during the start-up grace). */
export function isOfflineRule(rule: Rule): boolean {
  return rule.when.type === 'offline' || rule.when.type === 'agent-offline';
}

/** Evaluates every device rule against a device's live reading at one moment. */
export function evaluateDevice(rules: Rule[], device: DeviceFacts, reading: DeviceReading | null, moment: DeviceMoment): Evaluation {
  const applicable = rules.filter((r) => isDeviceRule(r) && (!r.kinds || r.kinds.includes(device.kind)));
  // A decommissioned device has nothing to say: every condition is false.
  if (device.decommissioned) return { hits: [], known: new Set(applicable.map((r) => r.id)) };
  if (!reading) return { hits: [], known: new Set() };
  const hits: Hit[] = [];
  const known = new Set<string>();
  const linkDown = reading.link === 'down';
  for (const rule of applicable) {
    if (linkDown && rule.when.type !== 'offline') continue;
    known.add(rule.id);
    for (const code of deviceCodes(rule.when, reading, moment)) hits.push(deviceHit(rule, device, code));
  }
  return { hits, known };
}

/** The alert codes a device condition yields: `[null]` for a plain hit, one per fault or cash unit. */
function deviceCodes(when: Condition, r: DeviceReading, moment: DeviceMoment): (string | null)[] {
  switch (when.type) {
    case 'consumable': {
      const level = r.consumables?.[when.consumable]?.level;
      return level && when.levels.includes(level) ? [null] : [];
    }
    case 'fault':
      return [...new Set(r.faults.filter((f) => (when.codes as string[]).includes(f)))].sort();
    case 'cash':
      return (r.cash ?? []).filter((u) => when.levels.includes(u.level)).map((u) => u.unit);
    case 'compartments-full': {
      const c = r.compartments;
      return r.faults.includes('compartments-full') || (c && c.total > 0 && c.full >= c.total) ? [null] : [];
    }
    case 'offline':
      return moment.expectedOn && (r.link === 'down' || r.state === 'offline' || r.state === 'power-off') ? [null] : [];
    case 'lamp-unlit':
      return moment.lightRequired && r.lamp && (!r.lamp.switchedOn || r.faults.includes('lamp-failure')) ? [null] : [];
    case 'agent-offline':
    case 'agent-event':
    case 'seq-gap':
    case 'clock-skew':
      return [];
  }
}

function deviceHit(rule: Rule, device: DeviceFacts, code: string | null): Hit {
  const alertKey: AlertKey = { branchId: device.branchId, deviceId: device.id, type: rule.alert.type, code };
  return {
    rule,
    key: openKeyOf(alertKey),
    alertKey,
    severity: rule.alert.severityByKind?.[device.kind] ?? rule.alert.severity,
    message: deviceAlertMessage(rule, device, code),
  };
}

/** What is known about a branch's agent at one moment; fields left out are not known. */
export interface AgentFacts {
  online?: boolean;
  health?: { missingSeq: number; clockSkewMs: number };
  event?: AgentEventType;
}

/** Evaluates the agent rules of a branch. */
export function evaluateAgent(rules: Rule[], branch: { id: string; name: string | null }, facts: AgentFacts): Evaluation {
  const branchId = branch.id;
  const hits: Hit[] = [];
  const known = new Set<string>();
  for (const rule of rules) {
    const when = rule.when;
    let hit: boolean | undefined;
    if (when.type === 'agent-offline' && facts.online !== undefined) hit = !facts.online;
    else if (when.type === 'agent-event' && facts.event) hit = when.events.includes(facts.event);
    else if (when.type === 'seq-gap' && facts.health) {
      hit = facts.health.missingSeq >= when.minMissing;
    } else if (when.type === 'clock-skew' && facts.health) {
      hit = Math.abs(facts.health.clockSkewMs) > when.overMs;
    }
    if (hit === undefined) continue;
    // A pulse rule (agent event) is only told about the events it names.
    if (when.type === 'agent-event' && !hit) continue;
    known.add(rule.id);
    if (!hit) continue;
    const alertKey: AlertKey = { branchId, deviceId: null, type: rule.alert.type, code: null };
    hits.push({ rule, key: openKeyOf(alertKey), alertKey, severity: rule.alert.severity, message: agentAlertMessage(rule, branch, facts) });
  }
  return { hits, known };
}
