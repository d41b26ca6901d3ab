import { DateTime } from 'luxon';
import { t, wordsUnder, type Locale } from '@lobby/contracts';
import type { QueueDay } from './queue.service';

/** The daily log page's queue section; empty where the branch's queue system reports nothing. */
export function renderQueueSection(queue: QueueDay | undefined, zone: string, lang: 'zh' | 'en'): string {
  if (!queue || queue.samples.length === 0) return '';
  const locale: Locale = lang === 'en' ? 'en' : 'zh-CN';
  const w = wordsUnder(locale, 'queue');
  const colon = lang === 'zh' ? '：' : ': ';
  const min = (s: number) => t(locale, 'queue.minutes', { m: Math.round(s / 60) });
  const rows = queue.samples
    .filter((s) => s.longWait)
    .map((s) => `<tr><td>${DateTime.fromISO(s.at).setZone(zone).toFormat('HH:mm')}</td><td>${s.waiting}</td><td>${min(s.longestWaitS)}</td></tr>`)
    .join('');
  const table = rows ? `<table><thead><tr><th>${w.at}</th><th>${w.waiting}</th><th>${w.longest}</th></tr></thead><tbody>${rows}</tbody></table>` : '';
  return `<h2>${w.heading}</h2><p>${w.maxWaiting}${colon}${t(locale, 'queue.people', { total: queue.maxWaiting ?? 0 })} · ${w.maxWait}${colon}${min(queue.maxWaitS ?? 0)} · ${w.long}${colon}${t(locale, 'queue.times', { total: queue.longWaitReports })}</p>${table}`;
}
