import { kindsWithRule, repairFaults, severityByKind } from '@lobby/devices';
import type { RuleInput } from './alert-rules.schema';

/** The hardware faults that need a repair: those the kind profiles mark so (contract order). */
export const HARDWARE_FAULTS = repairFaults();

/**
 * The default rules (issue 4's table); what differs by kind comes from the kind profiles. `config/alert-rules.yaml` lists the same rules as data;
 * a unit test keeps the two equal.
 */
export const DEFAULT_RULES: RuleInput[] = [
  { id: 'paper-low', when: { type: 'consumable', consumable: 'paper', levels: ['low'] }, alert: { type: 'paper-low', severity: 'warning' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'paper' } },
  { id: 'ribbon-low', when: { type: 'consumable', consumable: 'ribbon', levels: ['low'] }, alert: { type: 'ribbon-low', severity: 'warning' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'ribbon' } },
  {
    id: 'paper-out',
    when: { type: 'consumable', consumable: 'paper', levels: ['out'] },
    alert: { type: 'paper-out', severity: 'major', severityByKind: severityByKind('paper-out') },
    clearDelaySeconds: 30,
    task: { kind: 'refill', problem: 'paper' },
  },
  { id: 'ribbon-out', when: { type: 'consumable', consumable: 'ribbon', levels: ['out'] }, alert: { type: 'ribbon-out', severity: 'major' }, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'ribbon' } },
  { id: 'cash-low', when: { type: 'cash', levels: ['low'] }, alert: { type: 'cash-low', severity: 'minor' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'cash-replenishment', problem: 'cash' } },
  { id: 'cash-empty', when: { type: 'cash', levels: ['empty'] }, alert: { type: 'cash-empty', severity: 'major' }, clearDelaySeconds: 30, task: { kind: 'cash-replenishment', problem: 'cash' } },
  { id: 'hardware-fault', when: { type: 'fault', codes: [...HARDWARE_FAULTS] }, alert: { type: 'fault', severity: 'major' }, clearDelaySeconds: 15, task: { kind: 'repair' } },
  { id: 'cash-unit', when: { type: 'cash', levels: ['missing', 'inoperative'] }, alert: { type: 'cash-unit', severity: 'major' }, clearDelaySeconds: 15, task: { kind: 'repair' } },
  { id: 'compartments-full', when: { type: 'compartments-full' }, kinds: kindsWithRule('compartments-full'), alert: { type: 'compartments-full', severity: 'minor' }, clearDelaySeconds: 15, task: { kind: 'refill', problem: 'compartments' } },
  { id: 'door-open', when: { type: 'fault', codes: ['cover-open', 'door-open'] }, alert: { type: 'door-open', severity: 'minor' }, raiseDelaySeconds: 300, clearDelaySeconds: 5 },
  {
    id: 'safe-door-open',
    when: { type: 'fault', codes: ['safe-door-open'] },
    alert: { type: 'safe-door-open', severity: 'critical', notifyRoles: ['lobby-manager', 'branch-head'] },
    clearDelaySeconds: 5,
  },
  { id: 'device-offline', when: { type: 'offline' }, alert: { type: 'device-offline', severity: 'major' }, raiseDelaySeconds: 120, clearDelaySeconds: 10, task: { kind: 'repair', afterSeconds: 900, problem: 'offline' } },
  { id: 'protocol-error', when: { type: 'fault', codes: ['protocol-error'] }, alert: { type: 'protocol-error', severity: 'minor' }, raiseDelaySeconds: 60, clearDelaySeconds: 60, task: { kind: 'repair', afterSeconds: 3600, problem: 'protocol-error' } },
  { id: 'agent-offline', when: { type: 'agent-offline' }, alert: { type: 'agent-offline', severity: 'critical', notifyRoles: ['lobby-manager', 'maintenance'] }, raiseDelaySeconds: 30, task: { kind: 'repair', problem: 'agent-offline' } },
  { id: 'data-loss', when: { type: 'agent-event', events: ['buffer.dropped'] }, alert: { type: 'data-loss', severity: 'major', notifyRoles: ['maintenance'] }, clearDelaySeconds: 3600 },
  { id: 'seq-gap', when: { type: 'seq-gap', minMissing: 1 }, alert: { type: 'seq-gap', severity: 'warning', notifyRoles: ['maintenance'] }, clearDelaySeconds: 600 },
  { id: 'clock-skew', when: { type: 'clock-skew', overMs: 300_000 }, alert: { type: 'clock-skew', severity: 'warning', notifyRoles: ['maintenance'] }, clearDelaySeconds: 600 },
  { id: 'lightbox-off', when: { type: 'lamp-unlit' }, kinds: kindsWithRule('lightbox-off'), alert: { type: 'lightbox-off', severity: 'minor' }, raiseDelaySeconds: 120, clearDelaySeconds: 30 },
];
