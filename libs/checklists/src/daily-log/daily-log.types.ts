import type { DeviceKind, Localized } from '@lobby/contracts';
import type { CustomerFlowDay } from '../customer-flow/customer-flow.types';
import type { QueueDay } from '../queue/queue.service';

/** The equipment part of the lobby manager's daily work log (大堂经理工作日志), as stored and served. */
export interface DailyLog {
  branchId: string;
  branchName: string;
  date: string;
  timezone: string;
  /** `null` on a closed day (holiday). */
  opening: { opensAt: string; closesAt: string } | null;
  generatedAt: string;
  /** False while the day is not over (a log built on request before closing, or before the closing check). */
  final: boolean;
  incidents: LogIncident[];
  tasks: { opened: LogTask[]; resolved: LogTask[] };
  checklists: LogChecklist[];
  consumables: LogConsumables[];
  availability: LogAvailability[];
  /** Customer flow from the ticket printers, computed when the log is served (not stored). */
  customerFlow?: CustomerFlowDay;
  /** Customers waiting, where the branch's queue system reports them (computed when served). */
  queue?: QueueDay;
}

export interface LogIncident {
  alertId: string;
  deviceId: string | null;
  type: string;
  code: string | null;
  severity: string;
  /** zh-CN; `messageEn` the same in English (logs from before carry zh-CN only). */
  message: string;
  messageEn?: string;
  raisedAt: string;
  clearedAt: string | null;
  /** Time active within the day (until cleared, or until the log was made). */
  durationMs: number;
  ongoing: boolean;
}

export interface LogTask {
  id: string;
  kind: string;
  deviceId: string | null;
  problem: string;
  severity: string;
  status: string;
  at: string;
}

export interface LogChecklist {
  id: string;
  kind: 'opening' | 'closing';
  dueAt: string;
  complete: boolean;
  signedOffBy: string | null;
  signedOffAt: string | null;
  /** Signed off after the deadline, or never. */
  late: boolean;
  done: number;
  total: number;
  /** `title`/`reason` in zh-CN, `titles`/`reasons` in both languages (absent in logs from before). */
  notDone: { itemId: string; title: string; reason: string | null; titles?: Localized; reasons?: Localized | null }[];
}

export interface LogConsumables {
  deviceId: string;
  kind: DeviceKind;
  /** Tickets printed (ticket printer) or lines printed (receipt box) during the day. */
  printed?: number;
  paperReplaced?: number;
  ribbonReplaced?: number;
  /** Notes dispensed per cash unit, and refills. */
  cash?: { unit: string; dispensed: number; replenished: number }[];
}

export interface LogAvailability {
  deviceId: string;
  kind: DeviceKind;
  name: string | null;
  /** How people name it (name and location), both languages. */
  label?: Localized;
  /** Expected time, ms: the opening hours (a light box: while its lamp should be lit). */
  openMs: number;
  availableMs: number;
  unavailableMs: number;
  /** No status known for that time. */
  unknownMs: number;
  /** availableMs / (availableMs + unavailableMs), 0..1: unknown time is never counted as down; `null` without data (or on a closed day). */
  ratio: number | null;
  /** (availableMs + unavailableMs) / openMs, 0..1: how much of the opening time has data; `null` on a closed day. */
  coverage: number | null;
}
