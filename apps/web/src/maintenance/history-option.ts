import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';

export interface HistoryStatus {
  ts: string;
  state?: string | null;
  link?: string | null;
  faults?: string[];
  consumables?: Record<string, { level: string }>;
  counters?: Record<string, number>;
}

const STATE_VALUE: Record<string, number> = { ok: 3, warning: 2, fault: 1, offline: 0, 'power-off': 0 };
const STATE_NAMES = ['offline', 'fault', 'warning', 'ok'];

/** The device's state as a step line (and its ticket counter where it has one), times in the branch's zone. */
export function historyOption(t: TFunction, statuses: HistoryStatus[], zone: string, language: string): EChartsCoreOption {
  const time = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const state = statuses.map((s) => [s.ts, s.link === 'down' ? 0 : (STATE_VALUE[s.state ?? ''] ?? 0)]);
  const tickets = statuses.filter((s) => s.counters?.ticketsPrinted !== undefined).map((s) => [s.ts, s.counters!.ticketsPrinted]);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: 48, top: 32, bottom: 32 },
    xAxis: { type: 'time', splitNumber: 4, axisLabel: { hideOverlap: true, formatter: (value: number) => time.format(new Date(value)) } },
    yAxis: [
      { type: 'value', min: 0, max: 3, interval: 1, axisLabel: { formatter: (v: number) => t(`state.${STATE_NAMES[v] ?? 'unknown'}`) } },
      ...(tickets.length ? [{ type: 'value', position: 'right', scale: true }] : []),
    ],
    series: [
      { name: t('device.chart.state'), type: 'line', step: 'end', data: state, showSymbol: false },
      ...(tickets.length ? [{ name: t('device.tickets'), type: 'line', yAxisIndex: 1, data: tickets, showSymbol: false }] : []),
    ],
  };
}
