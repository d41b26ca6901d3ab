/**
 * Day: a branch day's work on a large fleet (issue 13: "checklists and reports on the
 * 10,000-branch fleet"). `branches` branches with `devicesPerBranch` ticket printers each and 28
 * days of status history (four a day per device, a moving ticket counter, now and then a fault)
 * are written straight into SQLite; just before the central server starts, every branch gets hours that make
 * today's opening checklist due a minute earlier (opening 29 minutes after the start, the default
 * lead being 30) and a creation yesterday, so the rollup job's catch-up at start has exactly one
 * day per branch to write: yesterday. Measured: start → ready; ready → every branch's opening
 * checklist of today exists, and → every branch's rollup of yesterday exists (counted from the
 * database by a read-only connection, which a WAL reader does not hold up); the central process's
 * peak RSS and CPU seconds; and `/api/health` (a query in the same SQLite queue as the jobs'
 * writes) during that work against after it. No baseline: the figures are absolute.
 */
import { DateTime } from 'luxon';
import { Database, OPEN_READONLY } from 'sqlite3';
import { delay, ProcessGroup } from '../../support/processes';
import { cpuSeconds, quantiles, rssMb, startCentral } from '../bench-harness';
import { seedFleet, setCalendar } from '../tools/seed-fleet';
import { Latency, latency, migratedSqlite, progress } from './scale.scenario';

export interface DayCase {
  branches: number;
  devicesPerBranch: number;
  /** Give up waiting for the day's work after this long (the figures say how far it got). */
  timeoutMs: number;
}

export interface DayResult extends DayCase {
  devices: number;
  history: number;
  seedSeconds: number;
  timezone: string;
  /** Today's and yesterday's branch-local dates. */
  today: string;
  yesterday: string;
  startToReadyMs: number;
  /** From ready; `null` if not reached within the timeout (see the counts). */
  readyToChecklistsMs: number | null;
  readyToRollupsMs: number | null;
  openingChecklists: number;
  checklistItems: number;
  rollupBranches: number;
  rollupRows: number;
  rssPeakMb: number;
  /** CPU seconds of the central process from its start until both were done (or the timeout). */
  centralCpuSeconds: number;
  /** The same from ready on, as a share of one core. */
  cpuPercentAfterReady: number;
  healthDuringWork: Latency & { requests: number };
  healthAfter: Latency;
}

const MINUTE = 60_000;
const HOURS_OPEN = 8;
const HISTORY_DAYS = 28;
const SAMPLE_EVERY_MS = 500;
/** One health request this often during the work: enough to see a stall, too few to be the load. */
const HEALTH_EVERY_MS = 100;

/**
 * A fixed-offset zone where `at` is between 08:00 and 08:59 local, so the day's hours fit in one
 * local date whenever the bench runs (the Etc/GMT signs are POSIX's: Etc/GMT-8 is UTC+8).
 */
export function morningZone(at: number): string {
  let offset = 8 - new Date(at).getUTCHours();
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Every day open from 29 minutes after `at` (its minute) for eight hours: the opening checklist fell due a minute before `at`. */
function hoursFrom(at: number, zone: string): [string, string] {
  const opens = DateTime.fromMillis(Math.floor(at / MINUTE) * MINUTE + 29 * MINUTE, { zone });
  return [opens.toFormat('HH:mm'), opens.plus({ hours: HOURS_OPEN }).toFormat('HH:mm')];
}

function readOnly(file: string): { count(sql: string, params: unknown[]): Promise<number>; close(): Promise<void> } {
  const db = new Database(file, OPEN_READONLY);
  db.configure('busyTimeout', 5000);
  return {
    count: (sql, params) => new Promise((resolve, reject) => db.get<{ n: number }>(sql, params, (error, row) => (error ? reject(error) : resolve(row.n)))),
    close: () => new Promise((resolve) => db.close(() => resolve())),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function dayCase(c: DayCase): Promise<DayResult> {
  const group = new ProcessGroup();
  const devices = c.branches * c.devicesPerBranch;
  // A status every 6 hours per device over the 28 days the forecasts learn from (the default
  // retention keeps 30): what the opening's refill planning reads, and yesterday's rollup.
  const history = devices * HISTORY_DAYS * 4;
  try {
    const file = await migratedSqlite(group);
    progress(`day: writing ${c.branches} branches, ${devices} devices, ${history} history rows`);
    const seeded = performance.now();
    await seedFleet(file, { branches: c.branches, devices, history, historyDays: HISTORY_DAYS, now: Date.now(), varied: true });
    const seedSeconds = round((performance.now() - seeded) / 1000, 1);

    const started = Date.now();
    const timezone = morningZone(started);
    const hours = hoursFrom(started, timezone);
    await setCalendar(file, { timezone, openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, hours])) }, started - 24 * 60 * MINUTE);
    const today = DateTime.fromMillis(started, { zone: timezone }).toISODate()!;
    const yesterday = DateTime.fromMillis(started, { zone: timezone }).minus({ days: 1 }).toISODate()!;
    progress(`day: starting the central server (${timezone}, open ${hours.join('–')}; today ${today})`);

    // Counted from the start on: the jobs begin at bootstrap, before the server answers.
    const db = readOnly(file);
    const counts = { checklists: 0, rollups: 0 };
    const reached: { checklists?: number; rollups?: number } = {};
    let rssPeakMb = 0;
    /** The central process's CPU seconds so far, by time: read at ready and at done afterwards. */
    const cpu: { at: number; seconds: number }[] = [];
    let stopSampling = false;
    const central = () => group.running.find((p) => p.name === 'central')?.pid;
    const sampler = (async () => {
      let loggedAt = Date.now();
      while (!stopSampling) {
        const now = Date.now();
        const pid = central();
        if (pid) {
          rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
          cpu.push({ at: now, seconds: cpuSeconds(pid) });
        }
        counts.checklists = await db.count(`SELECT COUNT(*) AS n FROM checklist WHERE date = ? AND kind = 'opening'`, [today]);
        counts.rollups = await db.count(`SELECT COUNT(*) AS n FROM daily_rollup WHERE date = ? AND device_id = ''`, [yesterday]);
        if (counts.checklists >= c.branches) reached.checklists ??= now;
        if (counts.rollups >= c.branches) reached.rollups ??= now;
        if (reached.checklists && reached.rollups) return;
        if (now - loggedAt > 15_000) {
          loggedAt = now;
          progress(`day: ${Math.round((now - started) / 1000)} s: ${counts.checklists} opening checklists, ${counts.rollups} rollups of yesterday; RSS ${pid ? rssMb(pid) : '?'} MB`);
        }
        await delay(SAMPLE_EVERY_MS);
      }
    })();
    const cpuAt = (at: number) => cpu.filter((s) => s.at <= at).at(-1)?.seconds ?? 0;

    try {
      const server = await startCentral(group, 'embedded', { engine: 'sqlite', url: `sqlite:${file}`, path: file });
      const readyAt = server.readyAt;
      const startToReadyMs = readyAt - started;
      progress(`day: ready after ${startToReadyMs} ms; timing /api/health until the day's work is done`);
      const during: number[] = [];
      const deadline = started + c.timeoutMs;
      while (!(reached.checklists && reached.rollups) && Date.now() < deadline) {
        const t = performance.now();
        const response = await server.http.get('/api/health');
        if (response.status !== 200) throw new Error(`GET /api/health: ${response.status} ${response.text}`);
        during.push(performance.now() - t);
        await delay(HEALTH_EVERY_MS - (performance.now() - t));
      }
      stopSampling = true;
      await sampler;
      const checklistItems = await db.count(`SELECT COUNT(*) AS n FROM checklist_item i JOIN checklist c ON c.id = i.checklist_id WHERE c.date = ? AND c.kind = 'opening'`, [today]);
      const rollupRows = await db.count(`SELECT COUNT(*) AS n FROM daily_rollup WHERE date = ?`, [yesterday]);
      await delay(2000);
      const healthAfter = await latency(server.http, '/api/health', 200);
      const doneAt = Math.max(reached.checklists ?? deadline, reached.rollups ?? deadline);
      await server.close();
      const q = quantiles(during);
      return {
        ...c,
        devices,
        history,
        seedSeconds,
        timezone,
        today,
        yesterday,
        startToReadyMs,
        readyToChecklistsMs: reached.checklists ? Math.max(0, reached.checklists - readyAt) : null,
        readyToRollupsMs: reached.rollups ? Math.max(0, reached.rollups - readyAt) : null,
        openingChecklists: counts.checklists,
        checklistItems,
        rollupBranches: counts.rollups,
        rollupRows,
        rssPeakMb,
        centralCpuSeconds: round(cpuAt(doneAt), 1),
        cpuPercentAfterReady: round(((cpuAt(doneAt) - cpuAt(readyAt)) / Math.max(0.001, (doneAt - readyAt) / 1000)) * 100, 1),
        healthDuringWork: { p50: round(q.p50, 1), p99: round(q.p99, 1), max: round(q.max, 1), requests: during.length },
        healthAfter,
      };
    } finally {
      stopSampling = true;
      await sampler.catch(() => undefined);
      await db.close();
    }
  } finally {
    await group.killAll();
  }
}
