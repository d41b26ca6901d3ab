import type { DeviceKind, Localized } from '@lobby/contracts';
import { availabilityCoverage, availabilityRatio, Span, splitOver, StatePoint } from './availability';
import type { DailyLog, LogChecklist, LogConsumables, LogIncident, LogTask } from './daily-log.types';

export interface AlertRecord {
  id: string;
  deviceId: string | null;
  type: string;
  code: string | null;
  severity: string;
  message: string;
  messageEn?: string;
  raisedAt: number;
  clearedAt: number | null;
}

export interface TaskRecord {
  id: string;
  kind: string;
  deviceId: string | null;
  problem: string;
  severity: string;
  status: string;
  createdAt: number;
  resolvedAt: number | null;
}

export interface DeviceHistory {
  id: string;
  kind: DeviceKind;
  name: string | null;
  /** How people name it (name and location), both languages. */
  label?: Localized;
  before: StatePoint | null;
  points: StatePoint[];
  /** When it is expected to serve, if not the opening hours (a light box: while it should be lit). */
  expected?: Span[];
}

export interface DailyLogInputs {
  branch: { id: string; name: string; timezone: string };
  date: string;
  /** The local day, [from, to). */
  day: { from: number; to: number };
  opening: { opensAt: number; closesAt: number } | null;
  now: number;
  final: boolean;
  alerts: AlertRecord[];
  tasks: TaskRecord[];
  checklists: LogChecklist[];
  devices: DeviceHistory[];
  /** When the branch's agent was silent (offline): no data, never counted as down. */
  silences?: Span[];
  consumables: LogConsumables[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Assembles the day's equipment log from what happened. Pure: the service gathers the inputs. */
export function buildDailyLog(input: DailyLogInputs): DailyLog {
  const end = Math.min(input.day.to, input.now);
  return {
    branchId: input.branch.id,
    branchName: input.branch.name,
    date: input.date,
    timezone: input.branch.timezone,
    opening: input.opening ? { opensAt: iso(input.opening.opensAt), closesAt: iso(input.opening.closesAt) } : null,
    generatedAt: iso(input.now),
    final: input.final,
    incidents: incidents(input.alerts, input.day.from, end),
    tasks: {
      opened: input.tasks
        .filter((t) => within(t.createdAt, input.day.from, end))
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((t) => task(t, t.createdAt)),
      resolved: input.tasks
        .filter((t) => t.resolvedAt !== null && within(t.resolvedAt, input.day.from, end))
        .sort((a, b) => a.resolvedAt! - b.resolvedAt!)
        .map((t) => task(t, t.resolvedAt!)),
    },
    checklists: input.checklists,
    consumables: input.consumables,
    availability: input.devices.map((device) => {
      const windows = device.expected ?? (input.opening ? [{ from: input.opening.opensAt, to: input.opening.closesAt }] : []);
      const { expectedMs: openMs, ...split } = splitOver(device.before, device.points, windows, input.silences ?? [], input.now);
      return { deviceId: device.id, kind: device.kind, name: device.name, ...(device.label ? { label: device.label } : {}), openMs, ...split, ratio: availabilityRatio(split), coverage: availabilityCoverage(split, openMs) };
    }),
  };
}

function incidents(alerts: AlertRecord[], from: number, end: number): LogIncident[] {
  return alerts
    .filter((a) => a.raisedAt < end && (a.clearedAt === null || a.clearedAt > from))
    .sort((a, b) => a.raisedAt - b.raisedAt)
    .map((a) => {
      const stop = a.clearedAt !== null ? Math.min(a.clearedAt, end) : end;
      return {
        alertId: a.id,
        deviceId: a.deviceId,
        type: a.type,
        code: a.code,
        severity: a.severity,
        message: a.message,
        ...(a.messageEn ? { messageEn: a.messageEn } : {}),
        raisedAt: iso(a.raisedAt),
        clearedAt: a.clearedAt !== null ? iso(a.clearedAt) : null,
        durationMs: Math.max(0, stop - Math.max(a.raisedAt, from)),
        ongoing: a.clearedAt === null || a.clearedAt > end,
      };
    });
}

function task(t: TaskRecord, at: number): LogTask {
  return { id: t.id, kind: t.kind, deviceId: t.deviceId, problem: t.problem, severity: t.severity, status: t.status, at: iso(at) };
}

const within = (at: number, from: number, end: number) => at >= from && at < end;
