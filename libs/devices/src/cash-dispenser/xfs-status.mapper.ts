import { CashLevel, CashUnit, ConsumableLevel, DeviceReading, DeviceState, FaultCode } from '@lobby/contracts';
import { XfsStatus, XfsStorageUnit } from './xfs-status.schema';

const MAX_CASH_UNITS = 16;

/**
 * Folds a partial message into the accumulated status: a message updates only what it carries,
 * down to single fields (`{"printer":{"toner":"low"}}` keeps the paper state, a storage message
 * about CASS2 keeps CASS1). Pure: returns a new object.
 */
export function mergeXfsStatus(state: XfsStatus, update: XfsStatus): XfsStatus {
  return mergeDeep(state, update) as XfsStatus;
}

function mergeDeep(base: unknown, update: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(update)) return update === undefined ? base : update;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(update)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The accumulated XFS status as a normalized reading (docs/protocols/cash-dispenser.md → §2; the table is in
 * docs/protocols/cash-dispenser.md). `noDevice` means the machine's own PC cannot reach the
 * dispenser hardware: like silence, nobody can say what the machine is doing, so it is
 * `link: 'down'` with the last known sections kept.
 */
export function mapXfsStatus(status: XfsStatus): DeviceReading {
  const faults: FaultCode[] = [];
  let warning = false;
  const flag = (fault: FaultCode): void => {
    if (!faults.includes(fault)) faults.push(fault);
  };

  const device = status.common?.device;
  if (device === 'hardwareError') flag('hardware-error');
  if (device === 'userError') warning = true;

  const paperState = status.printer?.paper?.upper;
  if (paperState === 'jammed') flag('paper-jam');
  const paper = paperLevel(paperState);
  const ribbon = consumableLevel(status.printer?.toner);
  if (paper === 'low' || paper === 'out' || ribbon === 'low' || ribbon === 'out') warning = true;

  const cm = status.cashManagement;
  if (cm?.dispenser === 'stop') flag('dispenser-stop');
  if (cm?.dispenser === 'attention') warning = true;
  if (cm?.shutter === 'jammedOpen' || cm?.shutter === 'jammedClosed') flag('shutter-jammed');
  if (cm?.safeDoor === 'doorOpen') flag('safe-door-open');

  const cash = cashUnits(status.storage);
  if (cash.some((unit) => unit.level !== 'ok' && unit.level !== 'high' && unit.level !== 'full')) warning = true;

  return {
    kind: 'cash-dispenser',
    link: device === 'noDevice' ? 'down' : 'up',
    state: deviceState(device, faults.length > 0, warning),
    faults,
    consumables: { paper: { level: paper }, ribbon: { level: ribbon } },
    cash,
  };
}

function deviceState(device: XfsDevice | undefined, faulted: boolean, warning: boolean): DeviceState {
  if (device === 'offline') return 'offline';
  if (device === 'powerOff') return 'power-off';
  if (faulted) return 'fault';
  return warning ? 'warning' : 'ok';
}

type XfsDevice = NonNullable<NonNullable<XfsStatus['common']>['device']>;
type XfsPaper = NonNullable<NonNullable<NonNullable<XfsStatus['printer']>['paper']>['upper']>;
type XfsToner = NonNullable<NonNullable<XfsStatus['printer']>['toner']>;

/** A jammed roll says nothing about how much paper is left. */
function paperLevel(paper: XfsPaper | undefined): ConsumableLevel {
  return paper === 'jammed' ? 'unknown' : consumableLevel(paper);
}

function consumableLevel(level: Exclude<XfsPaper, 'jammed'> | XfsToner | undefined): ConsumableLevel {
  switch (level) {
    case 'full':
      return 'ok';
    case 'low':
    case 'out':
      return level;
    case 'unknown':
    case undefined:
      return 'unknown';
  }
}

function cashUnits(storage: XfsStatus['storage']): CashUnit[] {
  const units: CashUnit[] = [];
  for (const [unit, fields] of Object.entries(storage ?? {})) {
    const { currency, value, count } = fields;
    // A unit is shown once its identity and count are known (they may come in separate messages).
    if (currency === undefined || value === undefined || count === undefined) continue;
    units.push({ unit, currency, denomination: value, count, level: cashLevel(fields) });
  }
  return units.sort((a, b) => a.unit.localeCompare(b.unit)).slice(0, MAX_CASH_UNITS);
}

/** `missing` and `inoperative` (and `manipulated`, which makes a unit unusable) override the fill level. */
function cashLevel(unit: XfsStorageUnit): CashLevel {
  switch (unit.status) {
    case 'missing':
      return 'missing';
    case 'inoperative':
    case 'manipulated':
      return 'inoperative';
    case 'ok':
    case undefined:
      return unit.replenishmentStatus ?? 'ok';
  }
}
