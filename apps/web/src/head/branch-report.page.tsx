import { useMemo } from 'react';
import { Alert, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useBranches, useDevices } from '../api/queries';
import { daysBefore, useSummary, type DeviceFigures } from '../api/reports';
import { EChart } from '../charts/echart';
import { duration, localDate, percent } from '../format/time';
import { deviceName, kindWord } from '../format/words';
import { Failed, Loading, Nothing } from '../shell/states';
import { MonthlyReport } from './monthly-report';
import { availabilityOption, consumablesOption } from './report-charts';
import { DeviceLight } from './traffic-light';

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value">{value}</div>
      {note && <div className="figure-note">{note}</div>}
    </div>
  );
}

/** One branch for its head: every device as a traffic light, the 7- and 30-day figures, charts, the monthly report. */
export default function BranchReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const branches = useBranches();
  const devices = useDevices(id);
  const branch = branches.data?.find((b) => b.id === id);
  const today = localDate(Date.now(), branch?.timezone ?? 'Asia/Shanghai');
  const week = useSummary([id], daysBefore(today, 6), today);
  const month = useSummary([id], daysBefore(today, 29), today);
  const days = useMemo(() => (month.data?.days ?? []).filter((d) => d.branchId === id).sort((a, b) => a.date.localeCompare(b.date)), [month.data, id]);
  const availabilityChart = useMemo(() => availabilityOption(t, days), [t, days]);
  const consumablesChart = useMemo(() => consumablesOption(t, days), [t, days]);
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <Failed error={branches.error} />;
  if (!branch) return <Nothing text={t('common.empty')} />;
  const w = week.data?.branches.find((b) => b.branchId === id);
  const m = month.data?.branches.find((b) => b.branchId === id);
  const monthOf = (deviceId: string) => month.data?.devices.find((d) => d.deviceId === deviceId);
  const rows = (week.data?.devices ?? []).filter((d) => d.branchId === id);
  return (
    <div className="branch-report">
      <div className="page-heading">
        <Typography.Title level={2}>{branch.name}</Typography.Title>
      </div>
      <div className="lobby-grid">
        <Card title={<h3 className="card-title">{t('head.trafficLights')}</h3>} className="panel" data-testid="traffic-lights">
          {devices.isPending ? (
            <Loading />
          ) : devices.isError ? (
            <Failed error={devices.error} />
          ) : (
            <div className="device-grid">
              {devices.data.map((device) => (
                <Link key={device.id} to={`/devices/${encodeURIComponent(device.id)}`} className="device-cell">
                  <DeviceLight device={device} />
                  {deviceName(t, device)}
                </Link>
              ))}
            </div>
          )}
        </Card>
        <Card title={<h3 className="card-title">{t('head.figures')}</h3>} className="panel" data-testid="figures">
          {week.isPending ? (
            <Loading />
          ) : week.isError ? (
            <Alert type="warning" showIcon title={t('head.reportMissing')} />
          ) : (
            <div className="figures">
              <Figure label={t('head.availability7')} value={percent(w?.availability.ratio)} note={t('head.coverage', { value: percent(w?.availability.coverage) })} />
              <Figure label={t('head.availability30')} value={percent(m?.availability.ratio)} note={t('head.coverage', { value: percent(m?.availability.coverage) })} />
              <Figure label={t('head.failures')} value={String(w?.failures ?? '—')} />
              <Figure label={t('head.mtta')} value={duration(t, w?.mttaMs)} />
              <Figure label={t('head.mttr')} value={duration(t, w?.mttrMs)} />
              <Figure label={t('head.overdueTasks')} value={String(w?.overdueTasks ?? '—')} note={`${t('head.openTasks')} ${w?.openTasks ?? '—'}`} />
              <Figure label={t('head.punctuality')} value={percent(w?.checklists.punctuality)} />
            </div>
          )}
        </Card>
        {month.isSuccess && (
          <>
            <Card title={<h3 className="card-title">{t('head.availabilityChart')}</h3>} className="panel">
              {days.length ? <EChart option={availabilityChart} label={t('head.availabilityChart')} /> : <Nothing text={t('common.empty')} />}
            </Card>
            <Card title={<h3 className="card-title">{t('head.consumables')}</h3>} className="panel">
              {days.length ? <EChart option={consumablesChart} label={t('head.consumables')} /> : <Nothing text={t('common.empty')} />}
            </Card>
          </>
        )}
      </div>
      {week.isSuccess && (
        <Card title={<h3 className="card-title">{t('head.perDevice')}</h3>} className="panel">
          <Table<DeviceFigures>
            rowKey="deviceId"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={rows}
            columns={[
              { title: t('common.device'), key: 'name', render: (_, d) => `${kindWord(t, d.kind)} · ${deviceName(t, { id: d.deviceId, name: d.name, kind: d.kind })}` },
              { title: t('head.availability7'), key: 'a7', render: (_, d) => percent(d.availability.ratio) },
              { title: t('head.availability30'), key: 'a30', render: (_, d) => percent(monthOf(d.deviceId)?.availability.ratio) },
              { title: t('head.failures'), key: 'failures', render: (_, d) => d.failures },
              { title: t('head.mtta'), key: 'mtta', render: (_, d) => duration(t, d.mttaMs) },
              { title: t('head.mttr'), key: 'mttr', render: (_, d) => duration(t, d.mttrMs) },
            ]}
          />
        </Card>
      )}
      <MonthlyReport branchId={id} defaultMonth={today.slice(0, 7)} />
    </div>
  );
}
