/** The API's shapes as the screens use them (see docs/api.md). */
export type Severity = 'critical' | 'major' | 'minor' | 'warning';
export type Level = 'ok' | 'low' | 'out' | 'unknown';

export interface Branch {
  id: string;
  name: string;
  timezone: string;
  openingHours?: Record<string, [string, string] | null> | null;
  exceptions?: { date: string; closed?: boolean; hours?: [string, string] }[] | null;
  agent?: { online: boolean };
  health?: { devices: number; ok: number; warning: number; fault: number; offline: number; powerOff: number; linkDown: number; unknown: number };
  selfService24h?: boolean;
  /** 分流: what the self-service area can do now; null without cash machines. */
  selfService?: { state: SelfServiceState; label: string; notifiedState: SelfServiceState | null; since: string | null } | null;
}

export type SelfServiceState = 'withdraw-and-deposit' | 'withdraw-only' | 'deposit-only' | 'unavailable';

export interface Device {
  id: string;
  branchId: string;
  kind: string;
  name: string | null;
  /** The English name, where an admin or the agent gave one. */
  nameEn?: string | null;
  location: string | null;
  settings: Record<string, unknown> | null;
  link: 'up' | 'down' | null;
  state: string | null;
  faults: string[];
  consumables?: Record<string, { level: Level }>;
  counters?: Record<string, number>;
  lamp?: { switchedOn: boolean; currentMa?: number };
  compartments?: { total: number; full: number };
  statusAt: string | null;
  lastSeen: string | null;
  openAlerts: number;
  forecast: Record<string, { runsOutAt?: string | null } | Record<string, { runsOutAt?: string | null }>> | null;
}

export interface Alert {
  id: string;
  deviceId: string | null;
  branchId: string;
  type: string;
  code?: string | null;
  severity: Severity;
  state: 'active' | 'acknowledged' | 'cleared';
  /** What it is, in the user's locale (the server's catalogue). */
  title?: string;
  raisedAt: string;
  clearedAt?: string | null;
  ackedBy?: string | null;
}

export interface TaskHistoryEntry {
  at: string;
  by: string;
  from: string | null;
  to: string;
  note?: string | null;
}

export interface Task {
  id: string;
  kind: string;
  deviceId: string | null;
  branchId: string;
  status: string;
  severity: Severity;
  assignee?: string | null;
  problem?: string | null;
  code?: string | null;
  responseDueAt: string;
  resolveDueAt: string;
  overdue: boolean;
  createdAt?: string;
  history: TaskHistoryEntry[];
}

export interface ChecklistItem {
  id: string;
  title: string;
  mode: 'auto' | 'manual';
  done: boolean;
  deviceId?: string;
  reason?: string;
  /** Both languages (the server renders `title`/`reason` in the user's own locale). */
  titles?: { zh: string; en: string };
  reasons?: { zh: string; en: string };
  doneBy?: string;
  doneAt?: string;
}

export interface Checklist {
  id: string;
  branchId: string;
  kind: 'opening' | 'closing';
  date: string;
  dueAt: string;
  complete: boolean;
  overdue?: boolean;
  signedOffBy?: string;
  signedOffAt?: string;
  items: ChecklistItem[];
}

export interface Command {
  id: string;
  status: 'pending' | 'succeeded' | 'failed' | 'expired';
  error?: string;
}
