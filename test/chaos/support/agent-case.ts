import { ChildProgram, delay } from '../../support/processes';
import { liveCountersCheck, noDoubledAlertsCheck, noDoubledTasksCheck } from './aftermath-checks';
import { CaseResult, recordCase } from './chaos-report';
import { ChaosSite, describeMissing, settleFigures } from './chaos-site';
import { OutboxWatcher } from './outbox-watcher';

export interface AgentCase {
  order: number;
  id: string;
  title: string;
  site: ChaosSite;
  databaseUrl: string;
  branchId: string;
  agent: ChildProgram;
  watcher: OutboxWatcher;
  started: number;
  notes?: string;
  /** Checks of the case's own beside the common ones, run once the agent has stopped. */
  checks?: () => Promise<Record<string, string>>;
}

/**
 * The end of a case with a real edge agent: waits (bounded) until its disk buffer is drained,
 * stops it cleanly, then compares what went past its cursor (PUBACKed, or dropped and counted)
 * with the database, checks live state, alerts and tasks, and records the case.
 */
export async function finishAgentCase(c: AgentCase): Promise<CaseResult> {
  const deadline = Date.now() + 60_000;
  while (!c.watcher.drained() && Date.now() < deadline) await delay(200);
  const drained = c.watcher.drained();
  await c.agent.stop('SIGTERM', 20_000).catch(() => undefined);
  c.watcher.stop();
  const cursor = c.watcher.cursor();
  const passed = c.watcher.passed(cursor);
  const figures = await settleFigures(c.databaseUrl, c.branchId, c.watcher.statuses, new Set(passed.map((s) => s.seq)), 20_000, cursor.dropped, unchangedRepeats(c.watcher));
  const lastPassed = new Map<string, Record<string, number> | undefined>();
  for (const status of [...passed].sort((a, b) => a.seq - b.seq)) lastPassed.set(status.deviceId, status.body.counters as Record<string, number> | undefined);
  const checks: Record<string, string> = {
    bufferDrained: drained ? 'ok' : 'the agent still had statuses to send after 60 s',
    ...(await c.checks?.()),
    liveState: await liveCountersCheck(c.site.admin, lastPassed),
    alerts: await noDoubledAlertsCheck(c.site.admin, c.branchId),
    tasks: await noDoubledTasksCheck(c.site.admin, c.branchId),
  };
  const { missing, excusedMissing, ...numbers } = figures;
  const result: CaseResult = {
    order: c.order,
    id: c.id,
    title: c.title,
    ...numbers,
    checks,
    notes: [c.notes, `Real edge agent, ${lastPassed.size} simulated ticket printers; acknowledged = behind the agent's persisted buffer cursor.`, excusedMissing > 0 ? `${excusedMissing} live statuses equal to the device's previous one (the fresh status after a replay) are not history rows by design and are left out of acked.` : '', c.site.rejections() && `The servers rejected: ${c.site.rejections()}.`, describeMissing(missing)].filter(Boolean).join(' '),
    durationS: Math.round((Date.now() - c.started) / 100) / 10,
    at: new Date().toISOString(),
  };
  recordCase(result);
  return result;
}

/**
 * Statuses whose reading equals the same device's previous one. Sent live, the server keeps them
 * as `lastSeen` only, not as history rows (history holds changes), so their absence is no loss.
 */
function unchangedRepeats(watcher: OutboxWatcher): Set<number> {
  const reading = (body: Record<string, unknown>) => {
    const { seq: _seq, ts: _ts, historical: _historical, ...rest } = body;
    return JSON.stringify(rest);
  };
  const previous = new Map<string, string>();
  const repeats = new Set<number>();
  for (const status of [...watcher.statuses.values()].sort((a, b) => a.seq - b.seq)) {
    const now = reading(status.body);
    if (previous.get(status.deviceId) === now) repeats.add(status.seq);
    previous.set(status.deviceId, now);
  }
  return repeats;
}
