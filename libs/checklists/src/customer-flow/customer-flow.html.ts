import { DateTime } from 'luxon';
import { t, wordsUnder, type Locale } from '@lobby/contracts';
import type { CustomerFlowDay } from './customer-flow.types';

/** The daily log page's customer-flow section: totals, the busiest hours against the usual, and every hour with tickets. */
export function renderCustomerFlowSection(flow: CustomerFlowDay | undefined, zone: string, lang: 'zh' | 'en'): string {
  if (!flow) return '';
  const locale: Locale = lang === 'en' ? 'en' : 'zh-CN';
  const w = wordsUnder(locale, 'flow');
  const count = (total: number) => t(locale, 'flow.count', { total });
  const colon = lang === 'zh' ? '：' : ': ';
  const span = (startsAt: string) => {
    const start = DateTime.fromISO(startsAt).setZone(zone);
    return `${start.toFormat('HH:mm')}–${start.plus({ hours: 1 }).toFormat('HH:mm')}`;
  };
  const usual = (u: number | null) => (u === null ? w.noUsual : String(u));
  const head = `<h2>${w.heading}</h2><p>${w.total}${colon}${count(flow.total)} · ${w.beforeOpening}${colon}${count(flow.beforeOpening)}</p>`;
  if (flow.total === 0) return `${head}<p class="none">${w.none}</p>`;
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  const busiest = flow.busiest.map((h) => row([span(h.startsAt), String(h.tickets), usual(h.usual), h.vsUsual === null ? '—' : `${Math.round(h.vsUsual * 100)}%`])).join('');
  const hours = flow.hours.filter((h) => h.tickets > 0).map((h) => row([span(h.startsAt), String(h.tickets), usual(h.usual)])).join('');
  return `${head}
<h3>${w.busiest}</h3><table><thead><tr><th>${w.hour}</th><th>${w.tickets}</th><th>${w.usual}</th><th>${w.vsUsual}</th></tr></thead><tbody>${busiest}</tbody></table>
<table><thead><tr><th>${w.hour}</th><th>${w.tickets}</th><th>${w.usual}</th></tr></thead><tbody>${hours}</tbody></table>`;
}
