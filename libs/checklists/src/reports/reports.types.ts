import type { DeviceKind } from '@lobby/contracts';

/** Availability within expected hours: `ratio` over the time with data, `coverage` how much had data. */
export interface ReportAvailability {
  ratio: number | null;
  coverage: number | null;
  availableMs: number;
  unavailableMs: number;
  unknownMs: number;
}

export interface BranchReport {
  branchId: string;
  name: string;
  availability: ReportAvailability;
  failures: number;
  mttaMs: number | null;
  mttrMs: number | null;
  /** Now, not over the range: tasks not resolved yet, and those past a deadline. */
  openTasks: number;
  overdueTasks: number;
  checklists: { due: number; onTime: number; late: number; missed: number; punctuality: number | null };
  consumables: { ticketsPrinted: number; paperRolls: number; ribbons: number };
}

export interface DeviceReport {
  deviceId: string;
  branchId: string;
  name: string | null;
  kind: DeviceKind;
  availability: ReportAvailability;
  failures: number;
  mttaMs: number | null;
  mttrMs: number | null;
}

export interface DayReport {
  date: string;
  branchId: string;
  availability: ReportAvailability;
  failures: number;
  ticketsPrinted: number;
  paperRolls: number;
  ribbons: number;
}

/** `GET /api/reports/summary` (and the monthly report's JSON, with `month`). */
export interface ReportSummary {
  from: string;
  to: string;
  branches: BranchReport[];
  devices: DeviceReport[];
  days: DayReport[];
}
