import type { DeviceProfile } from '../core/device-profile';

/** 自助设备 (ATM / 存取款一体机): its own PC publishes XFS-style status over MQTT. */
export const cashDispenserProfile: DeviceProfile = {
  kind: 'cash-dispenser',
  name: { zh: '自助设备', en: 'Cash machine' },
  faults: {
    'dispenser-stop': { name: { zh: '出钞模块停止', en: 'dispenser stopped' }, action: { zh: '报修；引导客户到柜台办理', en: 'call maintenance; send customers to the counters' }, repair: true },
    'shutter-jammed': { name: { zh: '钞门卡住', en: 'shutter jammed' }, action: { zh: '报修', en: 'call maintenance' }, repair: true },
    'safe-door-open': { name: { zh: '保险柜门打开', en: 'safe door open' }, action: { zh: '立即核实并关好保险柜门', en: 'check at once and close the safe door' }, repair: false },
    'hardware-error': { name: { zh: '硬件故障', en: 'hardware fault' }, action: { zh: '报修', en: 'call maintenance' }, repair: true },
    'paper-jam': { name: { zh: '凭条卡纸', en: 'receipt paper jam' }, action: { zh: '清除卡纸', en: 'clear the jam' }, repair: true },
  },
  consumables: ['paper', 'ribbon'],
  counted: {},
  cash: { usagePerOpenHour: 100 },
  alerting: { rules: [], severity: {} },
  checklist: { opening: ['device-ok'], closing: [] },
  lampSchedule: false,
  selfService: true,
  manualRefills: ['paper', 'ribbon'],
  dailyLog: { counters: ['cash'] },
};
