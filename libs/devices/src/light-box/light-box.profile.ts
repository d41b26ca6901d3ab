import type { DeviceProfile } from '../core/device-profile';

/** 灯箱 (外挑灯箱 / 自助区灯箱): a relay and a current sensor on Modbus RTU. */
export const lightBoxProfile: DeviceProfile = {
  kind: 'light-box',
  name: { zh: '灯箱', en: 'Light box' },
  faults: {
    'lamp-failure': { name: { zh: '灯管故障', en: 'lamp failure' }, action: { zh: '报修更换灯管', en: 'call maintenance to replace the lamp' }, repair: true },
    'relay-stuck': { name: { zh: '继电器粘连', en: 'relay stuck' }, action: { zh: '断电并报修', en: 'cut the power and call maintenance' }, repair: true },
    'protocol-error': { name: { zh: '通讯出错', en: 'communication error' }, action: { zh: '检查总线接线；反复出现请报修', en: 'check the bus wiring; call maintenance if it repeats' }, repair: false },
  },
  consumables: [],
  counted: {},
  alerting: { rules: ['lightbox-off'], severity: {} },
  checklist: { opening: ['device-ok', 'lamp'], closing: ['lamp-check'] },
  lampSchedule: true,
  selfService: false,
  manualRefills: [],
  dailyLog: { counters: [] },
};
