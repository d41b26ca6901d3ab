import type { BranchCalendar } from '@lobby/calendar';
import { both, joinLocalized, type DeviceKind, type DeviceReading, type DeviceSettings, type MessageKey, type MessageParams } from '@lobby/contracts';
import { faultProfile, profileOf } from '@lobby/devices';
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
const fail = (key: MessageKey, explainedBy: string[] = [], params: MessageParams = {}): CheckResult => ({ done: false, reason: both(key, params), explainedBy });

const CONSUMABLE_WORDS = {
  paper: { out: 'check.paperOut', low: 'check.paperLow' },
  ribbon: { out: 'check.ribbonOut', low: 'check.ribbonLow' },
} as const;

/** Evaluates one auto item against live state. Pure: the service supplies everything it reads. */
export function evaluateCheck(check: AutoCheck, params: ItemParams, ctx: CheckContext): CheckResult {
  const live = ctx.device.live;
  if (!live) return fail('check.noStatus', ['device-offline', 'agent-offline']);
  switch (check) {
    case 'device-ok':
      return deviceOk(ctx.device.kind, live);
    case 'switched-on':
      if (live.link === 'down') return fail('check.notAnswering', ['device-offline', 'agent-offline']);
      if (live.state === 'power-off') return fail('check.switchedOff', ['device-offline']);
      if (live.state === 'offline') return fail('check.offline', ['device-offline']);
      return pass;
    case 'powered-off':
      return live.state === 'power-off' || live.link === 'down' ? pass : fail('check.stillRunning');
    case 'consumable':
      return consumable(params.consumable ?? 'paper', live, ctx);
    case 'lamp-per-schedule':
      return lampPerSchedule(live, ctx);
    case 'lamp-test':
      return lampTest(live, ctx);
  }
}

function deviceOk(kind: DeviceKind, live: DeviceReading): CheckResult {
  if (live.link === 'down') return fail('check.notAnswering', ['device-offline', 'agent-offline']);
  if (live.faults.length > 0) return fail('check.faults', ['fault', 'door-open', 'safe-door-open', 'cash-unit'], { faults: joinLocalized([...new Set(live.faults)].map((f) => faultProfile(f, kind).name)) });
  if (live.state === 'fault') return fail('check.fault', ['fault']);
  if (live.state === 'offline') return fail('check.offline', ['device-offline']);
  // A light box is switched off by day: its own item checks the lamp against its schedule.
  if (live.state === 'power-off' && !profileOf(kind).lampSchedule) return fail('check.switchedOff', ['device-offline']);
  return pass;
}

function consumable(which: 'paper' | 'ribbon', live: DeviceReading, ctx: CheckContext): CheckResult {
  const words = CONSUMABLE_WORDS[which];
  if (live.link === 'down') return fail('check.notAnswering', ['device-offline', 'agent-offline']);
  const level = live.consumables?.[which]?.level;
  if (level === 'out') return fail(words.out, [`${which}-out`]);
  if (level === 'low') return fail(words.low, [`${which}-low`]);
  const runsOutAt = ctx.runsOutAt[which];
  if (runsOutAt != null && runsOutAt < ctx.closesAt) {
    const at = ctx.calendar.localTime(runsOutAt);
    return fail('check.runsOut', [`${which}-low`], { time: at, consumable: both(`consumable.${which}`), action: both(`refill.${which}`) });
  }
  return pass;
}

function lampPerSchedule(live: DeviceReading, ctx: CheckContext): CheckResult {
  if (live.link === 'down') return fail('check.lampControllerSilent', ['device-offline', 'agent-offline']);
  const threshold = ctx.device.settings.lampCurrentThresholdMa ?? DEFAULT_LAMP_THRESHOLD_MA;
  const lamp = live.lamp;
  if (live.faults.includes('relay-stuck')) return fail('check.relayStuckOff', ['fault']);
  const shouldBeOn = lampExpectedOn(ctx.now, ctx.device.settings.lightSchedule, ctx.calendar, ctx.location);
  if (shouldBeOn) {
    if (!lamp?.switchedOn) return fail('check.shouldBeLit', ['lightbox-off']);
    if (live.faults.includes('lamp-failure') || lamp.currentMa < threshold) {
      return fail('check.lampFailure', ['fault', 'lightbox-off'], { currentMa: lamp.currentMa });
    }
    return pass;
  }
  return lamp?.switchedOn ? fail('check.litOffSchedule') : pass;
}

function lampTest(live: DeviceReading, ctx: CheckContext): CheckResult {
  if (live.link === 'down') return fail('check.lampControllerSilent', ['device-offline', 'agent-offline']);
  const threshold = ctx.device.settings.lampCurrentThresholdMa ?? DEFAULT_LAMP_THRESHOLD_MA;
  if (live.faults.includes('relay-stuck')) return fail('check.relayStuck', ['fault']);
  const lamp = live.lamp;
  if (lamp?.switchedOn && (live.faults.includes('lamp-failure') || lamp.currentMa < threshold)) {
    return fail('check.lampFailure', ['fault', 'lightbox-off'], { currentMa: lamp.currentMa });
  }
  if (lamp?.switchedOn) return pass;
  return fail('check.notLitYet');
}
