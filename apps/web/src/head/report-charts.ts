import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import type { DayFigures } from '../api/reports';

/** Availability per day within opening hours (a day without data is a gap, not a zero). */
export function availabilityOption(t: TFunction, days: DayFigures[]): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('head.availabilityChart'),
        type: 'bar',
        data: days.map((d) => (d.availability.ratio === null ? null : Math.round(d.availability.ratio * 1000) / 10)),
        itemStyle: { color: '#237804' },
      },
    ],
  };
}

export function consumablesOption(t: TFunction, days: DayFigures[]): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 32, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: [
      { type: 'value', name: t('head.tickets') },
      { type: 'value', name: `${t('head.paperRolls')} / ${t('head.ribbons')}`, position: 'right', minInterval: 1 },
    ],
    series: [
      { name: t('head.tickets'), type: 'line', data: days.map((d) => d.ticketsPrinted), showSymbol: false },
      { name: t('head.paperRolls'), type: 'bar', yAxisIndex: 1, data: days.map((d) => d.paperRolls) },
      { name: t('head.ribbons'), type: 'bar', yAxisIndex: 1, data: days.map((d) => d.ribbons) },
    ],
  };
}
