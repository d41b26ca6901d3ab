import { DateTime } from 'luxon';
import { both, MESSAGES, pick, same, t, type Locale, type Localized, type MessageKey, type MessageParams } from '@lobby/contracts';
import { alertHeadline, problemName } from '@lobby/alerting';
import { renderCustomerFlowSection } from '../customer-flow/customer-flow.html';
import { renderQueueSection } from '../queue/queue.html';
import type { DailyLog } from './daily-log.types';

export type LogLanguage = 'zh' | 'en';

/**
 * The log as a printable page in the reader's language (zh-CN by default); times in the branch's
 * zone. Every word comes from the message catalogue; devices by name and location, alert types,
 * severities, task kinds, problems and statuses by their names, never their codes.
 */
export function renderDailyLogHtml(log: DailyLog, lang: LogLanguage | Locale = 'zh'): string {
  const locale: Locale = lang === 'en' ? 'en' : 'zh-CN';
  const w = (key: string, params?: MessageParams) => t(locale, `log.${key}` as MessageKey, params);
  const say = (text: Localized) => pick(text, locale);
  const time = (iso: string | null) => (iso ? DateTime.fromISO(iso).setZone(log.timezone).toFormat('HH:mm') : '—');
  const table = (head: string[], rows: string[][]) =>
    rows.length === 0
      ? `<p class="none">${w('none')}</p>`
      : `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
          .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`;
  const labels = new Map(log.availability.map((a) => [a.deviceId, a.label ?? (a.name ? same(a.name) : null)]));
  const device = (id: string | null) => esc(id === null ? w('branchLevel') : say(labels.get(id) ?? same(id)));
  const colon = locale === 'zh-CN' ? '：' : ': ';
  const hours = log.opening ? `${time(log.opening.opensAt)}–${time(log.opening.closesAt)}` : w('closed');
  const severity = (s: string) => esc(say(both(`severity.${s}` as MessageKey)));
  const message = (i: DailyLog['incidents'][number]) => (locale === 'en' ? (i.messageEn ?? i.message) : i.message);
  const sections = [
    `<h2>${w('incidents')}</h2>`,
    table(
      [w('device'), w('type'), w('severity'), w('raised'), w('cleared'), w('duration'), w('message')],
      log.incidents.map((i) => [device(i.deviceId), esc(say(alertHeadline(i))), severity(i.severity), time(i.raisedAt), i.ongoing ? w('ongoing') : time(i.clearedAt), duration(i.durationMs, locale), esc(message(i))]),
    ),
    `<h2>${w('tasks')}</h2><h3>${w('opened')}</h3>`,
    table([w('time'), w('device'), w('kind'), w('problem'), w('severity'), w('status')], log.tasks.opened.map((k) => [time(k.at), device(k.deviceId), taskWord(k.kind, 'kind', locale), esc(say(problemName(k.problem))), severity(k.severity), taskWord(k.status, 'status', locale)])),
    `<h3>${w('resolved')}</h3>`,
    table([w('time'), w('device'), w('kind'), w('problem'), w('status')], log.tasks.resolved.map((k) => [time(k.at), device(k.deviceId), taskWord(k.kind, 'kind', locale), esc(say(problemName(k.problem))), taskWord(k.status, 'status', locale)])),
    `<h2>${w('checklists')}</h2>`,
    table(
      [w('checklists'), w('complete'), w('signedOff'), w('notDone')],
      log.checklists.map((c) => [
        c.kind === 'opening' ? w('opening') : w('closing'),
        w('doneOf', { done: c.done, total: c.total }),
        c.signedOffBy ? `${esc(c.signedOffBy)} ${time(c.signedOffAt)}${c.late ? ` (${w('late')})` : ''}` : `${w('notSigned')}${c.late ? ` (${w('late')})` : ''}`,
        c.notDone.map((n) => esc(itemText(n, locale) + colonJoin(reasonText(n, locale), colon))).join('<br>') || '—',
      ]),
    ),
    `<h2>${w('consumables')}</h2>`,
    table(
      [w('device'), w('printed'), w('paperReplaced'), w('ribbonReplaced'), w('cash')],
      log.consumables.map((c) => [
        device(c.deviceId),
        c.printed !== undefined ? String(c.printed) : '—',
        c.paperReplaced !== undefined ? String(c.paperReplaced) : '—',
        c.ribbonReplaced !== undefined ? String(c.ribbonReplaced) : '—',
        c.cash ? c.cash.map((u) => esc(t(locale, 'log.cashLine', u))).join('<br>') : '—',
      ]),
    ),
    renderCustomerFlowSection(log.customerFlow, log.timezone, lang === 'en' ? 'en' : 'zh'),
    renderQueueSection(log.queue, log.timezone, lang === 'en' ? 'en' : 'zh'),
    `<h2>${w('availability')}</h2>`,
    table(
      [w('device'), w('available'), w('unavailable'), w('unknown'), w('ratio'), w('coverage')],
      log.availability.map((a) => [
        device(a.deviceId),
        duration(a.availableMs, locale),
        duration(a.unavailableMs, locale),
        duration(a.unknownMs, locale),
        percent(a.ratio),
        percent(a.coverage),
      ]),
    ),
  ];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(`${w('title')} ${log.branchName} ${log.date}`)}</title>
<style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin:.5em 0 1em}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top;font-size:13px}th{background:#eee}h1{font-size:20px}h2{font-size:16px;margin-top:1.4em}h3{font-size:14px}.none{color:#666}@media print{body{margin:0}}</style>
</head><body>
<h1>${esc(w('title'))}</h1>
<p>${w('branch')}${colon}${esc(log.branchName)} · ${w('date')}${colon}${esc(log.date)} · ${w('hours')}${colon}${hours} · ${w('generated')}${colon}${time(log.generatedAt)}${log.final ? '' : ` ${w('provisional')}`}</p>
${sections.join('\n')}
</body></html>`;
}

function taskWord(value: string, what: 'kind' | 'status', locale: Locale): string {
  const key = `task.${what}.${value}`;
  return esc(key in MESSAGES ? t(locale, key as MessageKey) : value);
}

type NotDone = DailyLog['checklists'][number]['notDone'][number];

/** The item's text in the reader's language; logs from before the catalogue hold "中文 / English". */
function itemText(n: NotDone, locale: Locale): string {
  return n.titles ? pick(n.titles, locale) : pickLang(n.title, locale);
}

function reasonText(n: NotDone, locale: Locale): string | null {
  if (n.reasons) return pick(n.reasons, locale);
  return n.reason ? pickLang(n.reason, locale) : null;
}

const colonJoin = (text: string | null, colon: string) => (text ? `${colon}${text}` : '');

function pickLang(text: string, locale: Locale): string {
  const parts = text.split(' / ');
  return parts.length === 2 ? (locale === 'en' ? parts[1] : parts[0]) : text;
}

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

function duration(ms: number, locale: Locale): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t(locale, 'log.durationHours', { h, m }) : t(locale, 'log.durationMinutes', { m });
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
