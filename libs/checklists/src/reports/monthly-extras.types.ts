/** The monthly report's figures beyond equipment availability: what the branch head reads each month. */
export interface MonthlyExtras {
  /** Alerts raised in the month. */
  incidents: { total: number; bySeverity: Record<'critical' | 'major' | 'minor' | 'warning', number>; acknowledged: number };
  /** Tasks opened in the month, and how many met their response and resolve deadlines (工单时限). */
  tasks: { opened: number; resolved: number; responseKept: number; resolveKept: number; responseRate: number | null; resolveRate: number | null };
  /** Customer flow (客流) from the ticket printers. */
  customerFlow: { total: number; beforeOpening: number; daysWithTickets: number; perDay: number | null; busiestDay: { date: string; total: number } | null };
  /** The lobby manager's work logs (大堂经理工作日志) over the month's opening days so far. */
  workLogs: { openDays: number; written: number; submitted: number; reviewed: number };
}
