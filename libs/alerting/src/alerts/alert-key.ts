import type { AlertKey } from '../alerting.types';

/** The string that is unique among uncleared alerts: (device or branch, type, code). */
export function openKeyOf(key: AlertKey): string {
  const scope = key.deviceId ? `d:${key.deviceId}` : `b:${key.branchId}`;
  return `${scope}|${key.type}|${key.code ?? ''}`;
}

/** The scope a task's "one open task per problem" is counted in: the device, else the branch. */
export function taskOpenKeyOf(branchId: string, deviceId: string | null, problem: string): string {
  return `${deviceId ? `d:${deviceId}` : `b:${branchId}`}|${problem}`;
}
