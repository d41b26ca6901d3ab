import type { RuleInput } from './alert-rules.schema';

/** The hardware faults that need a repair (CONTRACT.md §2 codes; doors, covers and protocol errors have rules of their own). */
export const HARDWARE_FAULTS = [
  'cutter-error',
  'mechanical-error',
  'unrecoverable-error',
  'print-head-error',
  'paper-jam',
  'lamp-failure',
  'relay-stuck',
  'dispenser-stop',
  'shutter-jammed',
  'hardware-error',
] as const;

/**
 * The default rules (issue 4's table). `config/alert-rules.yaml` lists the same rules as data;
 * a unit test keeps the two equal.
 */
export const DEFAULT_RULES: RuleInput[] = [
  { id: 'paper-low', when: { type: 'consumable', consumable: 'paper', levels: ['low'] }, alert: { type: 'paper-low', severity: 'warning' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'paper' } },
  { id: 'ribbon-low', when: { type: 'consumable', consumable: 'ribbon', levels: ['low'] }, alert: { type: 'ribbon-low', severity: 'warning' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'ribbon' } },
  {
    id: 'paper-out',
    when: { type: 'consumable', consumable: 'paper', levels: ['out'] },
    alert: { type: 'paper-out', severity: 'major', severityByKind: { 'ticket-printer': 'critical' } },
    clearDelaySeconds: 30,
    task: { kind: 'refill', problem: 'paper' },
  },
  { id: 'ribbon-out', when: { type: 'consumable', consumable: 'ribbon', levels: ['out'] }, alert: { type: 'ribbon-out', severity: 'major' }, clearDelaySeconds: 30, task: { kind: 'refill', problem: 'ribbon' } },
  { id: 'cash-low', when: { type: 'cash', levels: ['low'] }, alert: { type: 'cash-low', severity: 'minor' }, raiseDelaySeconds: 10, clearDelaySeconds: 30, task: { kind: 'cash-replenishment', problem: 'cash' } },
  { id: 'cash-empty', when: { type: 'cash', levels: ['empty'] }, alert: { type: 'cash-empty', severity: 'major' }, clearDelaySeconds: 30, task: { kind: 'cash-replenishment', problem: 'cash' } },
  { id: 'hardware-fault', when: { type: 'fault', codes: [...HARDWARE_FAULTS] }, alert: { type: 'fault', severity: 'major' }, clearDelaySeconds: 15, task: { kind: 'repair' } },
  { id: 'cash-unit', when: { type: 'cash', levels: ['missing', 'inoperative'] }, alert: { type: 'cash-unit', severity: 'major' }, clearDelaySeconds: 15, task: { kind: 'repair' } },
  { id: 'compartments-full', when: { type: 'compartments-full' }, kinds: ['receipt-box'], alert: { type: 'compartments-full', severity: 'minor' }, clearDelaySeconds: 15, task: { kind: 'refill', problem: 'compartments' } },
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
  { id: 'lightbox-off', when: { type: 'lamp-unlit' }, kinds: ['light-box'], alert: { type: 'lightbox-off', severity: 'minor' }, raiseDelaySeconds: 120, clearDelaySeconds: 30 },
];

/** Titles people read, Chinese first (DOMAIN.md). */
export const ALERT_TITLES: Record<string, string> = {
  'paper-low': '纸张将尽 Paper low',
  'paper-out': '缺纸 Paper out',
  'ribbon-low': '色带将尽 Ribbon low',
  'ribbon-out': '色带耗尽 Ribbon out',
  'cash-low': '钞箱余量低 Cash low',
  'cash-empty': '钞箱已空 Cash empty',
  fault: '设备故障 Device fault',
  'cash-unit': '钞箱异常 Cash unit missing or inoperative',
  'compartments-full': '回单格已满 Receipt compartments full',
  'door-open': '机盖或柜门未关 Cover or door open',
  'safe-door-open': '保险柜门打开 Safe door open',
  'device-offline': '设备离线 Device offline',
  'protocol-error': '通讯协议错误 Repeated protocol errors',
  'agent-offline': '网点网关离线 Branch agent offline',
  'data-loss': '缓存数据丢失 Buffered data dropped',
  'seq-gap': '消息序号缺失 Message sequence gap',
  'clock-skew': '网关时钟偏差 Agent clock skew',
  'lightbox-off': '灯箱未亮 Light box unlit',
};
