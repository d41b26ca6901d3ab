import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';

type Instance = { setOption(option: EChartsCoreOption, notMerge?: boolean): void; resize(): void; dispose(): void };

/** An Apache ECharts chart, with ECharts itself fetched the first time a chart is shown. */
export function EChart({ option, label }: { option: EChartsCoreOption; label: string }) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<Instance | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    const resize = () => chart.current?.resize();
    void import('./echarts-setup').then(({ echarts }) => {
      if (disposed || !element.current) return;
      chart.current = echarts.init(element.current);
      setReady(true);
      window.addEventListener('resize', resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) chart.current?.setOption(option, true);
  }, [ready, option]);

  return (
    <div role="img" aria-label={label} className="chart-wrap">
      {!ready && <span className="chart-loading">{t('device.chartLoading')}</span>}
      <div ref={element} className="chart" />
    </div>
  );
}
