import { HttpClient } from '../../support/http-client';
import { delay } from '../../support/processes';

/**
 * "As if nothing happened", seen through the HTTP API after a case: each device's live state is
 * its last acknowledged status, one alert per problem, one task per problem. Each check returns
 * `ok` or a sentence saying what is wrong (for the report); none throws, so every case reports all.
 */

interface AlertBody {
  id: string;
  deviceId: string | null;
  type: string;
  code?: string | null;
  state: string;
}
interface TaskBody {
  id: string;
  deviceId: string;
  kind: string;
  status: string;
}
interface DeviceBody {
  counters?: Record<string, number>;
}

const OPEN_TASK = new Set(['open', 'assigned', 'in-progress']);

/** Polls `check` until it says `ok` or `timeoutMs` passes; returns its last word. */
export async function settle(check: () => Promise<string>, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const verdict = await check().catch((error: Error) => `check failed: ${error.message}`);
    if (verdict === 'ok' || Date.now() > deadline) return verdict;
    await delay(250);
  }
}

/** Every device shows the `ticketsPrinted` of its last acknowledged status. */
export function liveStateCheck(admin: HttpClient, expected: Map<string, number>): Promise<string> {
  return liveCountersCheck(admin, new Map([...expected].map(([deviceId, tickets]) => [deviceId, { ticketsPrinted: tickets }])));
}

/** Every device shows the counters of its last status (compared field by field as JSON). */
export function liveCountersCheck(admin: HttpClient, expected: Map<string, Record<string, number> | undefined>): Promise<string> {
  return settle(async () => {
    const wrong: string[] = [];
    for (const [deviceId, counters] of expected) {
      const response = await admin.get<DeviceBody>(`/api/devices/${deviceId}`);
      const shown = JSON.stringify(response.body?.counters ?? null);
      if (shown !== JSON.stringify(counters ?? null)) wrong.push(`${deviceId} shows ${shown}, last status ${JSON.stringify(counters ?? null)}`);
    }
    return wrong.length ? `live state wrong: ${wrong.join('; ')}` : 'ok';
  });
}

/** No problem (device or branch, type, code) with two alerts that are not cleared. */
export function noDoubledAlertsCheck(admin: HttpClient, branchId: string): Promise<string> {
  return settle(async () => {
    const response = await admin.get<{ items: AlertBody[] }>(`/api/alerts?branch=${branchId}&limit=1000`);
    if (response.status !== 200) return `GET /api/alerts: ${response.status}`;
    const doubled = doubles(response.body.items.filter((a) => a.state !== 'cleared').map((a) => `${a.deviceId ?? branchId}/${a.type}/${a.code ?? ''}`));
    return doubled.length ? `open alerts doubled: ${doubled.join(', ')}` : 'ok';
  });
}

/** No device with two open tasks of one kind. */
export function noDoubledTasksCheck(admin: HttpClient, branchId: string): Promise<string> {
  return settle(async () => {
    const response = await admin.get<{ items: TaskBody[] }>(`/api/tasks?branch=${branchId}&limit=1000`);
    if (response.status !== 200) return `GET /api/tasks: ${response.status}`;
    const doubled = doubles(response.body.items.filter((t) => OPEN_TASK.has(t.status)).map((t) => `${t.deviceId}/${t.kind}`));
    return doubled.length ? `open tasks doubled: ${doubled.join(', ')}` : 'ok';
  });
}

function doubles(keys: string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
}

/** Exactly one `type` alert ever raised for `deviceId`, and no problem with two open alerts in the branch. */
export function alertsCheck(admin: HttpClient, branchId: string, deviceId: string, type: string): Promise<string> {
  return settle(async () => {
    const response = await admin.get<{ items: AlertBody[] }>(`/api/alerts?branch=${branchId}&limit=1000`);
    if (response.status !== 200) return `GET /api/alerts: ${response.status}`;
    const alerts = response.body.items;
    const ofProblem = alerts.filter((a) => a.deviceId === deviceId && a.type === type);
    const open = new Map<string, number>();
    for (const alert of alerts.filter((a) => a.state !== 'cleared')) {
      const key = `${alert.deviceId ?? branchId}/${alert.type}/${alert.code ?? ''}`;
      open.set(key, (open.get(key) ?? 0) + 1);
    }
    const doubled = [...open].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    if (ofProblem.length !== 1) return `${ofProblem.length} ${type} alerts for ${deviceId} (expected 1)`;
    if (ofProblem[0].state === 'cleared') return `the ${type} alert of ${deviceId} was cleared though the problem never went away`;
    return doubled.length ? `open alerts doubled: ${doubled.join(', ')}` : 'ok';
  });
}

/** Exactly one open `kind` task for `deviceId`, and no device with two open tasks of one kind. */
export function tasksCheck(admin: HttpClient, branchId: string, deviceId: string, kind: string): Promise<string> {
  return settle(async () => {
    const response = await admin.get<{ items: TaskBody[] }>(`/api/tasks?branch=${branchId}&limit=1000`);
    if (response.status !== 200) return `GET /api/tasks: ${response.status}`;
    const open = response.body.items.filter((t) => OPEN_TASK.has(t.status));
    const counts = new Map<string, number>();
    for (const task of open) counts.set(`${task.deviceId}/${task.kind}`, (counts.get(`${task.deviceId}/${task.kind}`) ?? 0) + 1);
    const mine = counts.get(`${deviceId}/${kind}`) ?? 0;
    if (mine !== 1) return `${mine} open ${kind} tasks for ${deviceId} (expected 1)`;
    const doubled = [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    return doubled.length ? `open tasks doubled: ${doubled.join(', ')}` : 'ok';
  });
}
