import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/processes';

/**
 * The chaos report: one JSON file per case under `chaos-results/cases/`, and after every case the
 * whole run again as `chaos-results/report.json` and `chaos-results/report.md` (a table), the row
 * printed to the console too. A case writes its figures before it asserts, so a failing case is
 * in the report with the numbers that made it fail.
 */
export const RESULTS_DIR = process.env.CHAOS_RESULTS_DIR ?? path.join(REPO_ROOT, 'chaos-results');
const CASES_DIR = path.join(RESULTS_DIR, 'cases');

export interface CaseFigures {
  /** Messages the devices (or the simulated agent) produced and handed to MQTT. */
  sent: number;
  /** Of those, the ones the centre's side confirmed: a PUBACK from the broker, or gone from the agent's disk buffer. */
  acknowledged: number;
  /** Distinct messages found in the database afterwards. */
  stored: number;
  /** Rows beyond the first for one message (same agent, same seq). */
  duplicated: number;
  /** Acknowledged but not stored. */
  lost: number;
  /** Dropped on purpose and counted by the agent (`buffer.dropped`); never part of `lost`. */
  dropped?: number;
}

export interface CaseResult extends CaseFigures {
  /** Sort key: the case's number in docs/operations.md. */
  order: number;
  id: string;
  title: string;
  /** Checks beside the figures (alerts, tasks, live state): each a sentence, `ok` or what is wrong. */
  checks: Record<string, string>;
  notes?: string;
  durationS: number;
  at: string;
}

/** Writes one case and rewrites the aggregate report; prints the case's row. */
export function recordCase(result: CaseResult): void {
  fs.mkdirSync(CASES_DIR, { recursive: true });
  fs.writeFileSync(path.join(CASES_DIR, `${String(result.order).padStart(2, '0')}-${result.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const all = readCases();
  const failing = all.filter(caseFails);
  const report = { at: new Date().toISOString(), cases: all.length, failing: failing.map((c) => c.id), results: all };
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'report.md'), markdown(all));
  process.stdout.write(`chaos ${row(result)}${result.notes ? `\n  ${result.notes}` : ''}\n`);
}

/** What makes a case red: any acknowledged message lost or doubled, or a failed check. */
export function caseFails(result: CaseResult): boolean {
  return result.lost > 0 || result.duplicated > 0 || Object.values(result.checks).some((check) => check !== 'ok');
}

/** Empties the per-case files (jest globalSetup of the chaos project): a run reports only itself. */
export function resetReport(): void {
  fs.rmSync(CASES_DIR, { recursive: true, force: true });
  fs.rmSync(path.join(RESULTS_DIR, 'report.json'), { force: true });
  fs.rmSync(path.join(RESULTS_DIR, 'report.md'), { force: true });
}

function readCases(): CaseResult[] {
  return fs
    .readdirSync(CASES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(CASES_DIR, name), 'utf8')) as CaseResult)
    .sort((a, b) => a.order - b.order);
}

function row(c: CaseResult): string {
  const checks = Object.entries(c.checks)
    .filter(([, value]) => value !== 'ok')
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
  return `| ${c.order} | ${c.id} | ${c.sent} | ${c.acknowledged} | ${c.stored} | ${c.duplicated} | ${c.lost} | ${c.dropped ?? '–'} | ${caseFails(c) ? 'FAIL' : 'ok'} | ${checks || 'ok'} |`;
}

function markdown(all: CaseResult[]): string {
  const lines = [
    '# Chaos report',
    '',
    `Run at ${new Date().toISOString()}. Lost = acknowledged by the centre's side but not in the database; it and duplicated must be 0.`,
    '',
    '| # | case | sent | acked | stored | dup | lost | dropped | result | checks |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...all.map(row),
    '',
    ...all.flatMap((c) => [`## ${c.order}. ${c.title}`, '', c.notes ?? '', '', ...Object.entries(c.checks).map(([name, value]) => `- ${name}: ${value}`), '']),
  ];
  return `${lines.join('\n')}\n`;
}
