import { DateTime } from 'luxon';
import { renderCustomerFlowSection } from '../customer-flow/customer-flow.html';
import { renderQueueSection } from '../queue/queue.html';
import type { DailyLog } from './daily-log.types';

export type LogLanguage = 'zh' | 'en';

const WORDS = {
  zh: {
    title: '大堂经理工作日志（设备部分）',
    branch: '网点',
    date: '日期',
    hours: '营业时间',
    closed: '休息日（不营业）',
    generated: '生成时间',
    provisional: '（当日未结束，内容为截至目前）',
    incidents: '设备事件',
    none: '无',
    device: '设备',
    branchLevel: '网点',
    type: '类型',
    severity: '级别',
    raised: '发生',
    cleared: '恢复',
    duration: '持续',
    ongoing: '未恢复',
    message: '说明',
    tasks: '工单',
    opened: '新开工单',
    resolved: '已解决工单',
    kind: '类别',
    problem: '问题',
    status: '状态',
    time: '时间',
    checklists: '营业前 / 营业后检查',
    opening: '营业前检查',
    closing: '营业后检查',
    complete: '完成情况',
    signedOff: '签核',
    notSigned: '未签核',
    late: '逾期',
    items: '项目',
    notDone: '未完成项',
    consumables: '耗材使用',
    printed: '打印量',
    paperReplaced: '换纸',
    ribbonReplaced: '换色带',
    cash: '出钞（张）/ 加钞',
    availability: '营业时间内设备可用率',
    available: '可用',
    unavailable: '不可用',
    unknown: '无数据',
    ratio: '可用率（有数据时段）',
    coverage: '数据覆盖率',
  },
  en: {
    title: 'Lobby manager work log — equipment',
    branch: 'Branch',
    date: 'Date',
    hours: 'Opening hours',
    closed: 'Closed (holiday)',
    generated: 'Generated',
    provisional: '(day not over: so far)',
    incidents: 'Incidents',
    none: 'None',
    device: 'Device',
    branchLevel: 'branch',
    type: 'Type',
    severity: 'Severity',
    raised: 'Raised',
    cleared: 'Cleared',
    duration: 'Duration',
    ongoing: 'ongoing',
    message: 'Message',
    tasks: 'Tasks',
    opened: 'Opened',
    resolved: 'Resolved',
    kind: 'Kind',
    problem: 'Problem',
    status: 'Status',
    time: 'Time',
    checklists: 'Opening / closing checks',
    opening: 'Opening checklist',
    closing: 'Closing checklist',
    complete: 'Result',
    signedOff: 'Signed off',
    notSigned: 'not signed off',
    late: 'late',
    items: 'items',
    notDone: 'Not done',
    consumables: 'Consumables used',
    printed: 'Printed',
    paperReplaced: 'Paper rolls replaced',
    ribbonReplaced: 'Ribbons replaced',
    cash: 'Notes dispensed / refills',
    availability: 'Device availability during opening hours',
    available: 'Available',
    unavailable: 'Unavailable',
    unknown: 'No data',
    ratio: 'Availability (time with data)',
    coverage: 'Data coverage',
  },
} as const;

/** The log as a printable page: Chinese by default, English on request; times in the branch's zone. */
export function renderDailyLogHtml(log: DailyLog, lang: LogLanguage = 'zh'): string {
  const w = WORDS[lang];
  const t = (iso: string | null) => (iso ? DateTime.fromISO(iso).setZone(log.timezone).toFormat('HH:mm') : '—');
  const table = (head: string[], rows: string[][]) =>
    rows.length === 0
      ? `<p class="none">${w.none}</p>`
      : `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  // Devices by name (from the agent's config or an admin), the id beside it to tell twins apart.
  const names = new Map(log.availability.map((a) => [a.deviceId, a.name]));
  const device = (id: string | null) => esc(id === null ? w.branchLevel : names.get(id) ? `${names.get(id)} (${id})` : id);
  const colon = lang === 'zh' ? '：' : ': ';
  const hours = log.opening ? `${t(log.opening.opensAt)}–${t(log.opening.closesAt)}` : w.closed;
  const sections = [
    `<h2>${w.incidents}</h2>`,
    table(
      [w.device, w.type, w.severity, w.raised, w.cleared, w.duration, w.message],
      log.incidents.map((i) => [device(i.deviceId), esc(i.code ? `${i.type} (${i.code})` : i.type), esc(i.severity), t(i.raisedAt), i.ongoing ? w.ongoing : t(i.clearedAt), duration(i.durationMs, lang), esc(i.message)]),
    ),
    `<h2>${w.tasks}</h2><h3>${w.opened}</h3>`,
    table([w.time, w.device, w.kind, w.problem, w.severity, w.status], log.tasks.opened.map((k) => [t(k.at), device(k.deviceId), esc(k.kind), esc(k.problem), esc(k.severity), esc(k.status)])),
    `<h3>${w.resolved}</h3>`,
    table([w.time, w.device, w.kind, w.problem, w.status], log.tasks.resolved.map((k) => [t(k.at), device(k.deviceId), esc(k.kind), esc(k.problem), esc(k.status)])),
    `<h2>${w.checklists}</h2>`,
    table(
      [w.checklists, w.complete, w.signedOff, w.notDone],
      log.checklists.map((c) => [
        c.kind === 'opening' ? w.opening : w.closing,
        `${c.done}/${c.total} ${w.items}`,
        c.signedOffBy ? `${esc(c.signedOffBy)} ${t(c.signedOffAt)}${c.late ? ` (${w.late})` : ''}` : `${w.notSigned}${c.late ? ` (${w.late})` : ''}`,
        c.notDone.map((n) => esc(pickLang(n.title, lang) + (n.reason ? `: ${pickLang(n.reason, lang)}` : ''))).join('<br>') || '—',
      ]),
    ),
    `<h2>${w.consumables}</h2>`,
    table(
      [w.device, w.printed, w.paperReplaced, w.ribbonReplaced, w.cash],
      log.consumables.map((c) => [
        device(c.deviceId),
        c.printed !== undefined ? String(c.printed) : '—',
        c.paperReplaced !== undefined ? String(c.paperReplaced) : '—',
        c.ribbonReplaced !== undefined ? String(c.ribbonReplaced) : '—',
        c.cash ? c.cash.map((u) => esc(`${u.unit}: ${u.dispensed} / ${u.replenished}`)).join('<br>') : '—',
      ]),
    ),
    renderCustomerFlowSection(log.customerFlow, log.timezone, lang),
    renderQueueSection(log.queue, log.timezone, lang),
    `<h2>${w.availability}</h2>`,
    table(
      [w.device, w.available, w.unavailable, w.unknown, w.ratio, w.coverage],
      log.availability.map((a) => [
        device(a.deviceId),
        duration(a.availableMs, lang),
        duration(a.unavailableMs, lang),
        duration(a.unknownMs, lang),
        percent(a.ratio),
        percent(a.coverage),
      ]),
    ),
  ];
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${esc(`${w.title} ${log.branchName} ${log.date}`)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}th{background:#eee}h1{font-size:20px}h2{font-size:16px;margin-top:1.4em}h3{font-size:14px}.none{color:#666}@media print{body{margin:0}}</style>
</head><body>
<h1>${esc(w.title)}</h1>
<p>${w.branch}${colon}${esc(`${log.branchName} (${log.branchId})`)} · ${w.date}${colon}${esc(log.date)} · ${w.hours}${colon}${hours} · ${w.generated}${colon}${t(log.generatedAt)}${log.final ? '' : ` ${w.provisional}`}</p>
${sections.join('\n')}
</body></html>`;
}

/** `"中文 / English"` → the part in one language. */
function pickLang(text: string, lang: LogLanguage): string {
  const parts = text.split(' / ');
  return parts.length === 2 ? (lang === 'zh' ? parts[0] : parts[1]) : text;
}

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

function duration(ms: number, lang: LogLanguage): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'zh') return h ? `${h} 小时 ${m} 分` : `${m} 分`;
  return h ? `${h} h ${m} min` : `${m} min`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
