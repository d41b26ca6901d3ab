import type { MonthlyExtras } from './monthly-extras.types';

/** The words of the monthly report's added sections, Chinese first. */
const WORDS = {
  zh: {
    incidents: '设备事件（告警）',
    total: '合计',
    critical: '紧急',
    major: '严重',
    minor: '一般',
    warning: '提示',
    acknowledged: '已确认',
    tasks: '工单及时限',
    opened: '新开工单',
    resolved: '已解决',
    responseKept: '按时响应',
    resolveKept: '按时解决',
    responseRate: '响应按时率',
    resolveRate: '解决按时率',
    flow: '客流（取号机取号数）',
    tickets: '取号合计',
    beforeOpening: '营业前取号',
    days: '有取号的天数',
    perDay: '日均取号',
    busiest: '取号最多的一天',
    logs: '大堂经理工作日志',
    openDays: '营业天数',
    written: '已填写',
    submitted: '已提交',
    reviewed: '已批阅',
  },
  en: {
    incidents: 'Incidents (alerts)',
    total: 'Total',
    critical: 'Critical',
    major: 'Major',
    minor: 'Minor',
    warning: 'Warning',
    acknowledged: 'Acknowledged',
    tasks: 'Tasks and deadlines',
    opened: 'Opened',
    resolved: 'Resolved',
    responseKept: 'Response in time',
    resolveKept: 'Resolved in time',
    responseRate: 'Response punctuality',
    resolveRate: 'Resolve punctuality',
    flow: 'Customer flow (tickets issued)',
    tickets: 'Tickets issued',
    beforeOpening: 'Before opening',
    days: 'Days with tickets',
    perDay: 'Per day',
    busiest: 'Busiest day',
    logs: 'Lobby manager work logs',
    openDays: 'Opening days',
    written: 'Written',
    submitted: 'Submitted',
    reviewed: 'Reviewed',
  },
} as const;

export interface ExtrasSection {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

/** The added sections as tables: one source for the CSV and the printable page. */
export function monthlyExtrasSections(extras: MonthlyExtras, lang: 'zh' | 'en'): ExtrasSection[] {
  const w = WORDS[lang];
  const { incidents: i, tasks: t, customerFlow: f, workLogs: l } = extras;
  const percent = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  return [
    { title: w.incidents, head: [w.total, w.critical, w.major, w.minor, w.warning, w.acknowledged], rows: [[i.total, i.bySeverity.critical, i.bySeverity.major, i.bySeverity.minor, i.bySeverity.warning, i.acknowledged]] },
    { title: w.tasks, head: [w.opened, w.resolved, w.responseKept, w.resolveKept, w.responseRate, w.resolveRate], rows: [[t.opened, t.resolved, t.responseKept, t.resolveKept, percent(t.responseRate), percent(t.resolveRate)]] },
    {
      title: w.flow,
      head: [w.tickets, w.beforeOpening, w.days, w.perDay, w.busiest],
      rows: [[f.total, f.beforeOpening, f.daysWithTickets, f.perDay ?? '—', f.busiestDay ? `${f.busiestDay.date} (${f.busiestDay.total})` : '—']],
    },
    { title: w.logs, head: [w.openDays, w.written, w.submitted, w.reviewed], rows: [[l.openDays, l.written, l.submitted, l.reviewed]] },
  ];
}
