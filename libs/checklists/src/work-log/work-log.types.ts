/** What was done about one incident of the day: the alert's acknowledgement and its task. */
export interface WorkLogIncident {
  alertId: string;
  deviceId: string | null;
  deviceName: string | null;
  type: string;
  code: string | null;
  severity: string;
  message: string;
  raisedAt: string;
  clearedAt: string | null;
  ack: { by: string; at: string; note: string | null } | null;
  task: { id: string; status: string; assignee: string | null; resolvedAt: string | null; resolutionNote: string | null } | null;
}

/** `GET /api/branches/{id}/work-log/{date}`: the lobby manager's work log (大堂经理工作日志). */
export interface WorkLogView {
  branchId: string;
  date: string;
  /** `empty`: nothing written yet. `reviewed` (批阅) locks the log. */
  status: 'empty' | 'draft' | 'submitted' | 'reviewed';
  locked: boolean;
  situation: string;
  problems: string;
  suggestions: string;
  onDuty: string[];
  writtenBy: string | null;
  updatedAt: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  incidents: WorkLogIncident[];
}
