import { DateTime } from 'luxon';
import type { CustomerFlowDay } from './customer-flow.types';

/** The words of the customer-flow section, Chinese first. */
const WORDS = {
  zh: {
    heading: '客流（取号机取号数）',
    total: '全天取号',
    beforeOpening: '营业前取号',
    hour: '时段',
    tickets: '取号数',
    usual: '同星期几平时',
    busiest: '最忙时段',
    vsUsual: '与平时相比',
    none: '当日无取号记录',
    noUsual: '无往期数据',
    unit: '张',
  },
  en: {
    heading: 'Customer flow (tickets issued)',
    total: 'Tickets issued',
    beforeOpening: 'Issued before opening',
    hour: 'Hour',
    tickets: 'Tickets',
    usual: 'Usual on this weekday',
    busiest: 'Busiest hours',
    vsUsual: 'Against usual',
    none: 'No tickets issued',
    noUsual: 'no earlier data',
    unit: 'tickets',
  },
} as const;

/** The daily log page's customer-flow section: totals, the busiest hours against the usual, and every hour with tickets. */
export function renderCustomerFlowSection(flow: CustomerFlowDay | undefined, zone: string, lang: 'zh' | 'en'): string {
  if (!flow) return '';
  const w = WORDS[lang];
  const colon = lang === 'zh' ? '：' : ': ';
  const span = (startsAt: string) => {
    const start = DateTime.fromISO(startsAt).setZone(zone);
    return `${start.toFormat('HH:mm')}–${start.plus({ hours: 1 }).toFormat('HH:mm')}`;
  };
  const usual = (u: number | null) => (u === null ? w.noUsual : String(u));
  const head = `<h2>${w.heading}</h2><p>${w.total}${colon}${flow.total} ${w.unit} · ${w.beforeOpening}${colon}${flow.beforeOpening} ${w.unit}</p>`;
  if (flow.total === 0) return `${head}<p class="none">${w.none}</p>`;
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  const busiest = flow.busiest.map((h) => row([span(h.startsAt), String(h.tickets), usual(h.usual), h.vsUsual === null ? '—' : `${Math.round(h.vsUsual * 100)}%`])).join('');
  const hours = flow.hours.filter((h) => h.tickets > 0).map((h) => row([span(h.startsAt), String(h.tickets), usual(h.usual)])).join('');
  return `${head}
<h3>${w.busiest}</h3><table><thead><tr><th>${w.hour}</th><th>${w.tickets}</th><th>${w.usual}</th><th>${w.vsUsual}</th></tr></thead><tbody>${busiest}</tbody></table>
<table><thead><tr><th>${w.hour}</th><th>${w.tickets}</th><th>${w.usual}</th></tr></thead><tbody>${hours}</tbody></table>`;
}
