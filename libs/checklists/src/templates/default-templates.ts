import { kindsWithCheck } from '@lobby/devices';
import type { ChecklistTemplates } from './checklist-templates.schema';

/**
 * The built-in templates, used when no templates file is found; which device kinds an auto item
 * covers comes from the kind profiles. The shipped
 * `config/checklist-templates.yaml` holds the same (a unit test checks they do not drift).
 */
export const DEFAULT_TEMPLATES: ChecklistTemplates = {
  schedule: { openingLeadMinutes: 30, closingOverdueMinutes: 60 },
  opening: [
    {
      id: 'device-ok',
      mode: 'auto',
      check: 'device-ok',
      kinds: kindsWithCheck('opening', 'device-ok'),
      title: { zh: '{device}在线且正常', en: '{device} is online and OK' },
    },
    {
      id: 'paper',
      mode: 'auto',
      check: 'consumable',
      consumable: 'paper',
      kinds: kindsWithCheck('opening', 'paper'),
      title: { zh: '{device}纸量够用', en: '{device} has paper for the day' },
    },
    {
      id: 'ribbon',
      mode: 'auto',
      check: 'consumable',
      consumable: 'ribbon',
      kinds: kindsWithCheck('opening', 'ribbon'),
      title: { zh: '{device}色带够用', en: '{device} has ribbon for the day' },
    },
    {
      id: 'lamp',
      mode: 'auto',
      check: 'lamp-per-schedule',
      kinds: kindsWithCheck('opening', 'lamp'),
      title: { zh: '{device}按时亮灯', en: '{device} lit per its schedule' },
    },
    {
      id: 'switched-on',
      mode: 'auto',
      check: 'switched-on',
      kinds: kindsWithCheck('opening', 'switched-on'),
      title: { zh: '{device}已开机', en: '{device} is switched on' },
    },
    { id: 'lobby-pcs', mode: 'manual', title: { zh: '大堂电脑已开机', en: 'Lobby PCs switched on' } },
    { id: 'form-desk', mode: 'manual', title: { zh: '填单台凭条、样单齐全', en: 'Form desk stocked with slips and sample forms' } },
    { id: 'pens', mode: 'manual', title: { zh: '签字笔可用', en: 'Pens work' } },
    { id: 'reading-glasses', mode: 'manual', title: { zh: '老花镜已备好', en: 'Reading glasses in place' } },
    { id: 'brochures', mode: 'manual', title: { zh: '宣传折页已摆放整齐', en: 'Brochures laid out' } },
    { id: 'waiting-area', mode: 'manual', title: { zh: '等候区饮水、水杯已备', en: 'Waiting area has water and cups' } },
    { id: 'hall-clean', mode: 'manual', title: { zh: '大厅整洁明亮', en: 'Hall clean and bright' } },
  ],
  closing: [
    {
      id: 'powered-off',
      mode: 'auto',
      check: 'powered-off',
      kinds: kindsWithCheck('closing', 'powered-off'),
      title: { zh: '{device}已关机', en: '{device} switched off' },
    },
    {
      id: 'lamp-check',
      mode: 'auto',
      check: 'lamp-test',
      switchTest: true,
      kinds: kindsWithCheck('closing', 'lamp-check'),
      title: { zh: '{device}检查完好', en: '{device} checked and working' },
    },
    { id: 'devices-clean', mode: 'manual', title: { zh: '设备清洁', en: 'Devices clean' } },
    { id: 'forms-restocked', mode: 'manual', title: { zh: '凭条、单据已补齐', en: 'Forms and slips restocked' } },
    { id: 'posters-current', mode: 'manual', title: { zh: '海报在有效期内，过期的已撤换', en: 'Posters current; expired ones replaced' } },
  ],
};
