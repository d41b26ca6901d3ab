import type { DayRollup } from './day-rollup';
import type { ReportAvailability } from './reports.types';
import { availabilityCoverage, availabilityRatio } from '../daily-log/availability';

export type Counted = Omit<DayRollup, 'branchId' | 'date' | 'deviceId'>;

/** Every counted field at zero: a day or device with nothing yet. */
export const ZERO_COUNTS: Counted = {
  expectedMs: 0,
  availableMs: 0,
  unavailableMs: 0,
  unknownMs: 0,
  failures: 0,
  acks: 0,
  ackMs: 0,
  repairs: 0,
  repairMs: 0,
  ticketsPrinted: 0,
  paperRolls: 0,
  ribbons: 0,
  checklistsDue: 0,
  checklistsOnTime: 0,
  checklistsLate: 0,
  checklistsMissed: 0,
};

/** Sums rolled-up rows (days, devices) field by field. */
export function total(rows: Iterable<Counted>): Counted {
  const sum = { ...ZERO_COUNTS };
  for (const row of rows) for (const key of Object.keys(ZERO_COUNTS) as (keyof Counted)[]) sum[key] += Number(row[key]) || 0;
  return sum;
}

export function availabilityOf(t: Counted): ReportAvailability {
  return {
    ratio: availabilityRatio(t),
    coverage: availabilityCoverage(t, t.expectedMs),
    availableMs: t.availableMs,
    unavailableMs: t.unavailableMs,
    unknownMs: t.unknownMs,
  };
}

/** Mean time to acknowledge and to repair over the acknowledged / cleared failures; null when none. */
export function meanTimes(t: Counted): { mttaMs: number | null; mttrMs: number | null } {
  return { mttaMs: t.acks ? Math.round(t.ackMs / t.acks) : null, mttrMs: t.repairs ? Math.round(t.repairMs / t.repairs) : null };
}

export function checklistsOf(t: Counted): { due: number; onTime: number; late: number; missed: number; punctuality: number | null } {
  const decided = t.checklistsOnTime + t.checklistsLate + t.checklistsMissed;
  return {
    due: t.checklistsDue,
    onTime: t.checklistsOnTime,
    late: t.checklistsLate,
    missed: t.checklistsMissed,
    punctuality: decided ? Math.round((t.checklistsOnTime / decided) * 10_000) / 10_000 : null,
  };
}
