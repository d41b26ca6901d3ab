import type { DeviceProfile } from '../core/device-profile';

/** 回单箱: prints corporate receipts into compartments (dot-matrix, ribbon). */
export const receiptBoxProfile: DeviceProfile = {
  kind: 'receipt-box',
  name: { zh: '回单箱', en: 'Receipt box' },
  faults: {
    'paper-jam': { name: { zh: '卡纸', en: 'paper jam' }, action: { zh: '打开机门取出卡纸', en: 'open the door and clear the jam' }, repair: true },
    'print-head-error': { name: { zh: '打印头故障', en: 'print-head fault' }, action: { zh: '报修', en: 'call maintenance' }, repair: true },
    'door-open': { name: { zh: '机门未关', en: 'door open' }, action: { zh: '关好机门', en: 'close the door' }, repair: false },
    'compartments-full': { name: { zh: '回单格已满', en: 'compartments full' }, action: { zh: '清空回单格', en: 'empty the compartments' }, repair: false },
    'protocol-error': { name: { zh: '通讯出错', en: 'communication error' }, action: { zh: '检查串口线；反复出现请报修', en: 'check the serial cable; call maintenance if it repeats' }, repair: false },
  },
  consumables: ['paper', 'ribbon'],
  counted: {
    paper: { counter: 'linesPrinted', unit: 'lines', defaultCapacity: 5000, setting: 'paperRollCapacity', resetEvent: 'paper.replaced', usagePerOpenHour: 150 },
    ribbon: { counter: 'linesPrinted', unit: 'lines', defaultCapacity: 50_000, setting: 'ribbonLifeLines', resetEvent: 'ribbon.replaced', usagePerOpenHour: 150 },
  },
  alerting: { rules: ['compartments-full'], severity: {} },
  checklist: { opening: ['device-ok', 'paper', 'ribbon', 'switched-on'], closing: [] },
  lampSchedule: false,
  selfService: false,
  manualRefills: ['paper', 'ribbon', 'compartments'],
  dailyLog: { counters: ['printed', 'paperReplaced', 'ribbonReplaced'] },
};
