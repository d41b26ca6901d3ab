import type { DeviceProfile } from '../core/device-profile';

/** 取号机 / 叫号机: a thermal ESC/POS printer issuing numbered tickets. */
export const ticketPrinterProfile: DeviceProfile = {
  kind: 'ticket-printer',
  name: { zh: '取号机', en: 'Ticket printer' },
  faults: {
    'cover-open': { name: { zh: '机盖未关', en: 'cover open' }, action: { zh: '合上机盖', en: 'close the cover' }, repair: false },
    'cutter-error': { name: { zh: '切刀故障', en: 'cutter jammed' }, action: { zh: '清除卡纸后重启；仍不行请报修', en: 'clear the jam and restart; call maintenance if it persists' }, repair: true },
    'mechanical-error': { name: { zh: '机械故障', en: 'mechanical fault' }, action: { zh: '报修', en: 'call maintenance' }, repair: true },
    'unrecoverable-error': { name: { zh: '严重故障（无法自动恢复）', en: 'unrecoverable fault' }, action: { zh: '关机并报修', en: 'switch it off and call maintenance' }, repair: true },
    'recoverable-error': { name: { zh: '暂时故障（可自动恢复）', en: 'temporary fault' }, action: { zh: '稍候观察，反复出现请报修', en: 'wait; call maintenance if it repeats' }, repair: false },
  },
  consumables: ['paper'],
  counted: {
    paper: { counter: 'ticketsPrinted', unit: 'tickets', defaultCapacity: 800, setting: 'paperRollCapacity', resetEvent: 'paper.replaced', usagePerOpenHour: 60 },
  },
  alerting: { rules: [], severity: { 'paper-out': 'critical' } },
  checklist: { opening: ['device-ok', 'paper'], closing: ['powered-off'] },
  lampSchedule: false,
  selfService: false,
  customerFlowCounter: 'ticketsPrinted',
  manualRefills: ['paper'],
  dailyLog: { counters: ['printed', 'paperReplaced'] },
};
