import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** The reports API's summary (`GET /api/reports/summary`), as the branch head's screens read it. */
export interface Availability {
  ratio: number | null;
  coverage: number | null;
  availableMs: number;
  unavailableMs: number;
  unknownMs: number;
}

export interface BranchFigures {
  branchId: string;
  name: string;
  availability: Availability;
  failures: number;
  mttaMs: number | null;
  mttrMs: number | null;
  openTasks: number;
  overdueTasks: number;
  checklists: { due: number; onTime: number; late: number; missed: number; punctuality: number | null };
  consumables: { ticketsPrinted: number; paperRolls: number; ribbons: number };
}

export interface DeviceFigures {
  deviceId: string;
  branchId: string;
  name: string | null;
  kind: string;
  availability: Availability;
  failures: number;
  mttaMs: number | null;
  mttrMs: number | null;
}

export interface DayFigures {
  date: string;
  branchId: string;
  availability: Availability;
  failures: number;
  ticketsPrinted: number;
  paperRolls: number;
  ribbons: number;
}

export interface Summary {
  from: string;
  to: string;
  branches: BranchFigures[];
  devices: DeviceFigures[];
  days: DayFigures[];
}

/** YYYY-MM-DD `days` before `date` (calendar arithmetic, no time zone involved). */
export function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

export function useSummary(branches: string[] | null, from: string, to: string) {
  const branchParam = branches?.length ? `branch=${branches.map(encodeURIComponent).join(',')}&` : '';
  return useQuery({
    queryKey: ['reports', branches?.join(',') ?? 'all', from, to],
    queryFn: () => api<Summary>(`/api/reports/summary?${branchParam}from=${from}&to=${to}`),
    retry: false,
    staleTime: 5 * 60_000,
  });
}
