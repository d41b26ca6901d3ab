import type { DeviceKind } from '@lobby/contracts';
import { Span, splitOver, StatePoint } from '../daily-log/availability';
import { BRANCH_ROW } from './daily-rollup.entity';
import { ZERO_COUNTS } from './report-totals';

/** One row of a rolled-up day (a device's, or the branch's own with `deviceId` = BRANCH_ROW). */
export interface DayRollup {
  branchId: string;
  date: string;
  deviceId: string;
  expectedMs: number;
  availableMs: number;
  unavailableMs: number;
  unknownMs: number;
  failures: number;
  acks: number;
  ackMs: number;
  repairs: number;
  repairMs: number;
  ticketsPrinted: number;
  paperRolls: number;
  ribbons: number;
  checklistsDue: number;
  checklistsOnTime: number;
  checklistsLate: number;
  checklistsMissed: number;
}

export interface FaultRecord {
  deviceId: string;
  raisedAt: number;
  ackedAt: number | null;
  clearedAt: number | null;
}

export interface ChecklistRecord {
  dueAt: number;
  overdueAt: number;
  signedOffAt: number | null;
}

export interface RollupDevice {
  id: string;
  kind: DeviceKind;
  before: StatePoint | null;
  points: StatePoint[];
  /** When it is expected to serve, if not the opening hours (a light box: while it should be lit). */
  expected?: Span[];
  ticketsPrinted: number;
  paperRolls: number;
  ribbons: number;
}

export interface DayRollupInputs {
  branchId: string;
  date: string;
  /** The local day, [from, to). */
  day: Span;
  /** When the devices are expected to serve (opening hours); null on a closed day. */
  expected: Span | null;
  now: number;
  devices: RollupDevice[];
  silences: Span[];
  faults: FaultRecord[];
  checklists: ChecklistRecord[];
}


/**
 * A branch day rolled up, up to `now` (a finished day, or today so far). Pure: the same function
 * writes the stored rows and answers for the partial day. Failures count where raised, MTTA where
 * acknowledged, MTTR where cleared, so a day once written never changes.
 */
export function rollUpDay(input: DayRollupInputs): DayRollup[] {
  const end = Math.min(input.day.to, input.now);
  const within = (at: number | null): at is number => at !== null && at >= input.day.from && at < end;
  const devices = input.devices.map((device): DayRollup => {
    const split = splitOver(device.before, device.points, device.expected ?? (input.expected ? [input.expected] : []), input.silences, end);
    const faults = input.faults.filter((f) => f.deviceId === device.id);
    const acked = faults.filter((f) => within(f.ackedAt));
    const cleared = faults.filter((f) => within(f.clearedAt));
    return {
      ...ZERO_COUNTS,
      branchId: input.branchId,
      date: input.date,
      deviceId: device.id,
      ...split,
      failures: faults.filter((f) => within(f.raisedAt)).length,
      acks: acked.length,
      ackMs: acked.reduce((sum, f) => sum + (f.ackedAt! - f.raisedAt), 0),
      repairs: cleared.length,
      repairMs: cleared.reduce((sum, f) => sum + (f.clearedAt! - f.raisedAt), 0),
      ticketsPrinted: device.ticketsPrinted,
      paperRolls: device.paperRolls,
      ribbons: device.ribbons,
    };
  });
  const due = input.checklists.filter((c) => c.dueAt < end);
  const onTime = due.filter((c) => c.signedOffAt !== null && c.signedOffAt <= c.overdueAt).length;
  const late = due.filter((c) => c.signedOffAt !== null && c.signedOffAt > c.overdueAt).length;
  const missed = due.filter((c) => c.signedOffAt === null && end >= c.overdueAt).length;
  const branch: DayRollup = {
    ...ZERO_COUNTS,
    branchId: input.branchId,
    date: input.date,
    deviceId: BRANCH_ROW,
    checklistsDue: due.length,
    checklistsOnTime: onTime,
    checklistsLate: late,
    checklistsMissed: missed,
  };
  return [branch, ...devices];
}
