import type { BranchCalendar } from '@lobby/calendar';
import type { DeviceKind, DeviceReading, DeviceSettings } from '@lobby/contracts';
import type { AutoCheck, Localized } from '../templates/checklist-templates.schema';
import type { ItemParams } from '../templates/instantiate';
import { lampExpectedOn } from '@lobby/calendar';

export const DEFAULT_LAMP_THRESHOLD_MA = 50;

/** What an auto check looks at: the device, its live reading and forecast, the branch day. */
export interface CheckContext {
  now: number;
  calendar: BranchCalendar;
  location: { lat: number; lon: number } | null;
  /** Closing of the day the checklist belongs to: consumables must last until then. */
  closesAt: number;
  device: { kind: DeviceKind; settings: DeviceSettings; live: DeviceReading | null };
  runsOutAt: { paper?: number | null; ribbon?: number | null };
}

export interface CheckResult {
  done: boolean;
  reason: Localized | null;
  /** Alert types that explain a failure, most specific first (to link the open alert). */
  explainedBy: string[];
}

const pass: CheckResult = { done: true, reason: null, explainedBy: [] };
const fail = (zh: string, en: string, explainedBy: string[] = []): CheckResult => ({ done: false, reason: { zh, en }, explainedBy });

const CONSUMABLE_WORDS = {
  paper: { zh: '纸', en: 'paper', out: ['缺纸', 'out of paper'], low: ['纸量低：请装新纸卷', 'paper low: load a new roll'], fix: ['开门前装新纸卷', 'load a new roll before opening'] },
  ribbon: { zh: '色带', en: 'ribbon', out: ['色带已用完', 'ribbon worn out'], low: ['色带将尽：请更换色带', 'ribbon low: change it'], fix: ['开门前更换色带', 'change the ribbon before opening'] },
} as const;

/** Evaluates one auto item against live state. Pure: the service supplies everything it reads. */
export function evaluateCheck(check: AutoCheck, params: ItemParams, ctx: CheckContext): CheckResult {
  const live = ctx.device.live;
  if (!live) return fail('尚无设备状态', 'no status received yet', ['device-offline', 'agent-offline']);
  switch (check) {
    case 'device-ok':
      return deviceOk(ctx.device.kind, live);
    case 'switched-on':
      if (live.link === 'down') return fail('设备未响应', 'device not answering', ['device-offline', 'agent-offline']);
      if (live.state === 'power-off') return fail('设备未开机', 'switched off', ['device-offline']);
      if (live.state === 'offline') return fail('设备脱机', 'device offline', ['device-offline']);
      return pass;
    case 'powered-off':
      return live.state === 'power-off' || live.link === 'down' ? pass : fail('设备仍在运行：请关机', 'still running: switch it off');
    case 'consumable':
      return consumable(params.consumable ?? 'paper', live, ctx);
    case 'lamp-per-schedule':
      return lampPerSchedule(live, ctx);
    case 'lamp-test':
      return lampTest(live, ctx);
  }
}

function deviceOk(kind: DeviceKind, live: DeviceReading): CheckResult {
  if (live.link === 'down') return fail('设备未响应', 'device not answering', ['device-offline', 'agent-offline']);
  if (live.faults.length > 0) return fail(`故障：${live.faults.join('、')}`, `fault: ${live.faults.join(', ')}`, ['fault', 'door-open', 'safe-door-open', 'cash-unit']);
  if (live.state === 'fault') return fail('设备故障', 'device fault', ['fault']);
  if (live.state === 'offline') return fail('设备脱机', 'device offline', ['device-offline']);
  // A light box is switched off by day: its own item checks the lamp against its schedule.
  if (live.state === 'power-off' && kind !== 'light-box') return fail('设备未开机', 'switched off', ['device-offline']);
  return pass;
}

function consumable(which: 'paper' | 'ribbon', live: DeviceReading, ctx: CheckContext): CheckResult {
  const words = CONSUMABLE_WORDS[which];
  if (live.link === 'down') return fail('设备未响应', 'device not answering', ['device-offline', 'agent-offline']);
  const level = live.consumables?.[which]?.level;
  if (level === 'out') return fail(words.out[0], words.out[1], [`${which}-out`]);
  if (level === 'low') return fail(words.low[0], words.low[1], [`${which}-low`]);
  const runsOutAt = ctx.runsOutAt[which];
  if (runsOutAt != null && runsOutAt < ctx.closesAt) {
    const at = ctx.calendar.localTime(runsOutAt);
    return fail(`预计 ${at} 左右${words.zh}用完：${words.fix[0]}`, `will run out of ${words.en} around ${at}: ${words.fix[1]}`, [`${which}-low`]);
  }
  return pass;
}

function lampPerSchedule(live: DeviceReading, ctx: CheckContext): CheckResult {
  if (live.link === 'down') return fail('灯箱控制器未响应', 'light-box controller not answering', ['device-offline', 'agent-offline']);
  const threshold = ctx.device.settings.lampCurrentThresholdMa ?? DEFAULT_LAMP_THRESHOLD_MA;
  const lamp = live.lamp;
  if (live.faults.includes('relay-stuck')) return fail('继电器粘连：关灯后仍有电流', 'relay stuck: current while switched off', ['fault']);
  const shouldBeOn = lampExpectedOn(ctx.now, ctx.device.settings.lightSchedule, ctx.calendar, ctx.location);
  if (shouldBeOn) {
    if (!lamp?.switchedOn) return fail('应亮未亮', 'should be lit but is off', ['lightbox-off']);
    if (live.faults.includes('lamp-failure') || lamp.currentMa < threshold) {
      return fail(`灯管故障（${lamp.currentMa} mA）`, `lamp failure (${lamp.currentMa} mA)`, ['fault', 'lightbox-off']);
    }
    return pass;
  }
  return lamp?.switchedOn ? fail('按计划应关灯，但仍亮着', 'lit, but its schedule says off') : pass;
}

function lampTest(live: DeviceReading, ctx: CheckContext): CheckResult {
  if (live.link === 'down') return fail('灯箱控制器未响应', 'light-box controller not answering', ['device-offline', 'agent-offline']);
  const threshold = ctx.device.settings.lampCurrentThresholdMa ?? DEFAULT_LAMP_THRESHOLD_MA;
  if (live.faults.includes('relay-stuck')) return fail('继电器粘连', 'relay stuck', ['fault']);
  const lamp = live.lamp;
  if (lamp?.switchedOn && (live.faults.includes('lamp-failure') || lamp.currentMa < threshold)) {
    return fail(`灯管故障（${lamp.currentMa} mA）`, `lamp failure (${lamp.currentMa} mA)`, ['fault', 'lightbox-off']);
  }
  if (lamp?.switchedOn) return pass;
  return fail('灯箱未点亮，尚未确认完好', 'not lit yet: not confirmed working');
}
