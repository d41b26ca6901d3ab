import { DateTime } from 'luxon';
import type { QueueDay } from './queue.service';

/** The words of the daily log's queue section, Chinese first. */
const WORDS = {
  zh: { heading: '排队情况（排队叫号系统）', maxWaiting: '最多等候人数', maxWait: '最长等候', long: '等候超过 15 分钟的时点', at: '时间', waiting: '等候人数', longest: '最长等候', minutes: '分钟', people: '人', times: '次' },
  en: { heading: 'Customers waiting (queue system)', maxWaiting: 'Most waiting', maxWait: 'Longest wait', long: 'Reports with a wait over 15 minutes', at: 'Time', waiting: 'Waiting', longest: 'Longest wait', minutes: 'min', people: '', times: '' },
} as const;

/** The daily log page's queue section; empty where the branch's queue system reports nothing. */
export function renderQueueSection(queue: QueueDay | undefined, zone: string, lang: 'zh' | 'en'): string {
  if (!queue || queue.samples.length === 0) return '';
  const w = WORDS[lang];
  const colon = lang === 'zh' ? '：' : ': ';
  const min = (s: number) => `${Math.round(s / 60)} ${w.minutes}`;
  const rows = queue.samples
    .filter((s) => s.longWait)
    .map((s) => `<tr><td>${DateTime.fromISO(s.at).setZone(zone).toFormat('HH:mm')}</td><td>${s.waiting}</td><td>${min(s.longestWaitS)}</td></tr>`)
    .join('');
  const table = rows ? `<table><thead><tr><th>${w.at}</th><th>${w.waiting}</th><th>${w.longest}</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  return `<h2>${w.heading}</h2><p>${w.maxWaiting}${colon}${queue.maxWaiting ?? 0} ${w.people} · ${w.maxWait}${colon}${min(queue.maxWaitS ?? 0)} · ${w.long}${colon}${queue.longWaitReports} ${w.times}</p>${table}`;
}
