import { t, wordsUnder, type Locale } from '@lobby/contracts';
import type { MonthlyExtras } from './monthly-extras.types';

export interface ExtrasSection {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

/** The added sections as tables (words from the catalogue): one source for the CSV and the printable page. */
export function monthlyExtrasSections(extras: MonthlyExtras, lang: 'zh' | 'en'): ExtrasSection[] {
  const locale: Locale = lang === 'en' ? 'en' : 'zh-CN';
  const w = wordsUnder(locale, 'report');
  const severity = (s: 'critical' | 'major' | 'minor' | 'warning') => t(locale, `severity.${s}`);
  const { incidents: i, tasks: k, customerFlow: f, workLogs: l } = extras;
  const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  return [
    { title: w.incidents, head: [w.total, severity('critical'), severity('major'), severity('minor'), severity('warning'), w.acknowledged], rows: [[i.total, i.bySeverity.critical, i.bySeverity.major, i.bySeverity.minor, i.bySeverity.warning, i.acknowledged]] },
    { title: w.tasks, head: [w.opened, w.resolved, w.responseKept, w.resolveKept, w.responseRate, w.resolveRate], rows: [[k.opened, k.resolved, k.responseKept, k.resolveKept, percent(k.responseRate), percent(k.resolveRate)]] },
    {
      title: w.flow,
      head: [w.flowTickets, w.beforeOpening, w.flowDays, w.perDay, w.busiest],
      rows: [[f.total, f.beforeOpening, f.daysWithTickets, f.perDay ?? '—', f.busiestDay ? t(locale, 'report.busiestDay', { date: f.busiestDay.date, total: f.busiestDay.total }) : '—']],
    },
    { title: w.logs, head: [w.openDays, w.written, w.submitted, w.reviewed], rows: [[l.openDays, l.written, l.submitted, l.reviewed]] },
  ];
}
