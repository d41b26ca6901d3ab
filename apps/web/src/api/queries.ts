import { useQuery } from '@tanstack/react-query';
import { api, ApiError, type List } from './client';
import type { Alert, Branch, Checklist, Device, Severity, Task } from './types';

/** Query keys: the live stream invalidates by their first part. */
export const keys = {
  branches: ['branches'] as const,
  devices: (branch?: string) => ['devices', branch ?? 'all'] as const,
  device: (id: string) => ['device', id] as const,
  history: (id: string) => ['history', id] as const,
  alerts: (branch?: string) => ['alerts', branch ?? 'all'] as const,
  checklists: (branch: string, date: string) => ['checklists', branch, date] as const,
  tasks: ['tasks'] as const,
  deviceTasks: (id: string) => ['tasks', 'device', id] as const,
};

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, warning: 3 };

/** Most severe first, then newest first. */
export function byUrgency(a: Alert, b: Alert): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.raisedAt.localeCompare(a.raisedAt);
}

export const useBranches = () => useQuery({ queryKey: keys.branches, queryFn: () => api<List<Branch>>('/api/branches?limit=1000').then((r) => r.items) });

export const useDevices = (branch?: string) =>
  useQuery({
    queryKey: keys.devices(branch),
    queryFn: () => api<List<Device>>(`/api/devices?limit=1000${branch ? `&branch=${encodeURIComponent(branch)}` : ''}`).then((r) => r.items),
  });

export const useDevice = (id: string) => useQuery({ queryKey: keys.device(id), queryFn: () => api<Device>(`/api/devices/${encodeURIComponent(id)}`) });

/** Uncleared alerts, most urgent first (filtered here too, so an older server that mixes cleared ones in still works). */
export const useOpenAlerts = (branch?: string) =>
  useQuery({
    queryKey: keys.alerts(branch),
    queryFn: async () => {
      const list = await api<List<Alert>>(`/api/alerts?limit=500${branch ? `&branch=${encodeURIComponent(branch)}` : ''}`);
      return list.items.filter((a) => a.state !== 'cleared').sort(byUrgency);
    },
  });

export const useChecklists = (branch: string, date: string) =>
  useQuery({
    queryKey: keys.checklists(branch, date),
    queryFn: () => api<List<Checklist>>(`/api/checklists?branch=${encodeURIComponent(branch)}&date=${date}`).then((r) => r.items),
    enabled: Boolean(branch),
  });

const OPEN_STATUSES = ['open', 'assigned', 'in-progress'];

export interface TaskQueue {
  tasks: Task[];
  /** The server refused the deadline sort (an older server): sorted here instead. */
  sortedLocally: boolean;
}

/** Open tasks by deadline; falls back to an unsorted list when the server does not know `sort` or comma lists. */
export const useTaskQueue = () =>
  useQuery({
    queryKey: keys.tasks,
    queryFn: async (): Promise<TaskQueue> => {
      let sortedLocally = false;
      let items: Task[];
      try {
        items = (await api<List<Task>>(`/api/tasks?sort=resolveDueAt&status=${OPEN_STATUSES.join(',')}&limit=500`)).items;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 400) throw error;
        sortedLocally = true;
        items = (await api<List<Task>>('/api/tasks?limit=1000')).items;
      }
      const tasks = items.filter((task) => OPEN_STATUSES.includes(task.status)).sort((a, b) => a.resolveDueAt.localeCompare(b.resolveDueAt));
      return { tasks, sortedLocally };
    },
  });

export const useDeviceTasks = (id: string) =>
  useQuery({
    queryKey: keys.deviceTasks(id),
    queryFn: async () => {
      try {
        return (await api<List<Task>>(`/api/tasks?device=${encodeURIComponent(id)}&limit=100`)).items;
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 400) throw error;
        return (await api<List<Task>>('/api/tasks?limit=1000')).items.filter((task) => task.deviceId === id);
      }
    },
  });
