import { wordsUnder, type DeviceKind, type WordsUnder } from '@lobby/contracts';
import { kindName } from '@lobby/devices';
import { monthlyExtrasSections } from './monthly-extras.render';
import type { MonthlyExtras } from './monthly-extras.types';
import type { ReportAvailability, ReportSummary } from './reports.types';

export type ReportLanguage = 'zh' | 'en';
export type MonthlyReport = ReportSummary & { month: string; extras?: MonthlyExtras };


type Cell = string | number;
type Words = Record<WordsUnder<'report'>, string>;

/** The month's tables, as cells: one source for the CSV and the printable page. */
function tables(report: MonthlyReport, lang: ReportLanguage) {
  const w: Words = wordsUnder(lang === 'en' ? 'en' : 'zh-CN', 'report');
  const branch = report.branches[0];
  const labels = deviceLabels(report, lang);
  const availabilityCells = (a: ReportAvailability): Cell[] => [percent(a.ratio), percent(a.coverage), hours(a.availableMs), hours(a.unavailableMs), hours(a.unknownMs)];
  const head = [w.ratio, w.coverage, w.availableH, w.unavailableH, w.unknownH];
  return {
    w,
    branch,
    devices: {
      head: [w.device, w.kind, ...head, w.failures, w.mtta, w.mttr],
      rows: [
        [w.summary, '', ...availabilityCells(branch.availability), branch.failures, minutes(branch.mttaMs), minutes(branch.mttrMs)],
        ...report.devices.map((d): Cell[] => [labels.get(d.deviceId)!, kindName(d.kind)[lang], ...availabilityCells(d.availability), d.failures, minutes(d.mttaMs), minutes(d.mttrMs)]),
      ],
    },
    days: {
      head: [w.date, ...head, w.failures, w.tickets, w.paper, w.ribbons],
      rows: report.days.map((d): Cell[] => [d.date, ...availabilityCells(d.availability), d.failures, d.ticketsPrinted, d.paperRolls, d.ribbons]),
    },
    checklists: {
      head: [w.due, w.onTime, w.late, w.missed, w.punctuality, w.openTasks, w.overdueTasks],
      rows: [[branch.checklists.due, branch.checklists.onTime, branch.checklists.late, branch.checklists.missed, percent(branch.checklists.punctuality), branch.openTasks, branch.overdueTasks]],
    },
  };
}

/** The month as CSV: UTF-8 with a byte-order mark, so Excel shows the Chinese; sections separated by a blank line. */
export function renderMonthlyCsv(report: MonthlyReport, lang: ReportLanguage = 'zh'): string {
  const t = tables(report, lang);
  const lines = [
    [t.w.title, t.branch.name, report.month],
    [],
    t.devices.head,
    ...t.devices.rows,
    [],
    [t.w.checklists],
    t.checklists.head,
    ...t.checklists.rows,
    ...(report.extras ? monthlyExtrasSections(report.extras, lang).flatMap((x) => [[], [x.title], x.head, ...x.rows]) : []),
    [],
    t.days.head,
    ...t.days.rows,
  ];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The month as a printable page (print stylesheet): Chinese by default, no raw ids or codes. */
export function renderMonthlyHtml(report: MonthlyReport, lang: ReportLanguage = 'zh'): string {
  const t = tables(report, lang);
  const table = (head: readonly Cell[], rows: Cell[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(String(h))}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
  const colon = lang === 'zh' ? '：' : ': ';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(`${t.w.title} ${t.branch.name} ${report.month}`)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #999;padding:4px 6px;text-align:left;font-size:13px}th{background:#eee}h1{font-size:20px}h2{font-size:16px;margin-top:1.4em}.note{color:#444;font-size:12px}@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}th{background:none}}</style>
</head><body>
<h1>${esc(t.w.title)}</h1>
<p>${t.w.branch}${colon}${esc(t.branch.name)} · ${t.w.month}${colon}${esc(report.month)}</p>
<p class="note">${esc(t.w.note)}</p>
<h2>${t.w.devices}</h2>
${table(t.devices.head, t.devices.rows)}
<h2>${t.w.checklists}</h2>
${table(t.checklists.head, t.checklists.rows)}
${(report.extras ? monthlyExtrasSections(report.extras, lang) : []).map((x) => `<h2>${esc(x.title)}</h2>\n${table(x.head, x.rows)}`).join('\n')}
<h2>${t.w.days}</h2>
${table(t.days.head, t.days.rows)}
</body></html>`;
}

/** A device's name, or its kind's word numbered within the branch (never its id). */
function deviceLabels(report: MonthlyReport, lang: ReportLanguage): Map<string, string> {
  const seen = new Map<DeviceKind, number>();
  const labels = new Map<string, string>();
  for (const d of report.devices) {
    const n = (seen.get(d.kind) ?? 0) + 1;
    seen.set(d.kind, n);
    labels.set(d.deviceId, d.name ?? `${kindName(d.kind)[lang]} ${n}`);
  }
  return labels;
}

const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const hours = (ms: number) => (ms / 3_600_000).toFixed(2);
const minutes = (ms: number | null) => (ms === null ? '—' : (ms / 60_000).toFixed(1));

function csvCell(cell: Cell): string {
  let text = String(cell);
  // A cell Excel would run as a formula is kept as text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
