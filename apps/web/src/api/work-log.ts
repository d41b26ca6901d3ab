import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** `GET /api/branches/{id}/work-log/{date}`: the lobby manager's work log (大堂经理工作日志). */
export interface WorkLog {
  branchId: string;
  date: string;
  status: 'empty' | 'draft' | 'submitted' | 'reviewed';
  locked: boolean;
  situation: string;
  problems: string;
  suggestions: string;
  onDuty: string[];
  writtenBy: string | null;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  incidents: {
    alertId: string;
    deviceName: string | null;
    message: string;
    raisedAt: string;
    clearedAt: string | null;
    ack: { by: string; at: string; note: string | null } | null;
    task: { status: string; assignee: string | null; resolutionNote: string | null } | null;
  }[];
}

export type WorkLogFields = Pick<WorkLog, 'situation' | 'problems' | 'suggestions' | 'onDuty'>;

export const workLogPath = (branchId: string, date: string) => `/api/branches/${encodeURIComponent(branchId)}/work-log/${encodeURIComponent(date)}`;

export const useWorkLog = (branchId: string, date: string) => useQuery({ queryKey: ['work-log', branchId, date], queryFn: () => api<WorkLog>(workLogPath(branchId, date)) });
