import { useMemo } from 'react';
import { Button, Card, Descriptions, List, Space, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import { useDeviceCommand } from '../api/commands';
import { keys, useBranches, useDevice, useDeviceTasks } from '../api/queries';
import { EChart } from '../charts/echart';
import { branchTime } from '../format/time';
import { deviceName, faultWord, kindWord, problemWord, stateWord } from '../format/words';
import { SeverityTag } from '../lobby/severity-tag';
import { CommandResult } from '../shell/command-result';
import { RefillButtons } from './refill-buttons';
import { Failed, Loading, Nothing } from '../shell/states';
import { historyOption, type HistoryStatus } from './history-option';

interface History {
  statuses: HistoryStatus[];
  events: { ts: string; type: string; data?: Record<string, unknown> }[];
}

interface Moment {
  at: string;
  text: string;
  bad: boolean;
}

/** Fault changes and device events, newest first. */
function timeline(t: (key: string) => string, history: History, fault: (code: string) => string): Moment[] {
  const moments: Moment[] = [];
  let before: string[] = [];
  for (const status of history.statuses) {
    const faults = status.faults ?? [];
    for (const code of faults.filter((f) => !before.includes(f))) moments.push({ at: status.ts, text: fault(code), bad: true });
    for (const code of before.filter((f) => !faults.includes(f))) moments.push({ at: status.ts, text: `${fault(code)} ✓`, bad: false });
    before = faults;
  }
  for (const event of history.events) {
    const key = `device.event.${event.type}`;
    const text = t(key);
    // A lobby manager's own record (已换纸 …) says who made it.
    const by = event.data?.source === 'manual' && typeof event.data.by === 'string' ? ` · ${event.data.by}` : '';
    moments.push({ at: event.ts, text: `${text === key ? t('device.event.other') : text}${by}`, bad: false });
  }
  return moments.sort((a, b) => b.at.localeCompare(a.at)).slice(0, 50);
}

/** One device: its state, a chart of the last 24 hours, faults and events, its tasks, and a status refresh. */
export default function DevicePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const device = useDevice(id);
  const branches = useBranches();
  const tasks = useDeviceTasks(id);
  const history = useQuery({ queryKey: keys.history(id), queryFn: () => api<History>(`/api/devices/${encodeURIComponent(id)}/history`) });
  const refresh = useDeviceCommand(id);
  const zone = branches.data?.find((b) => b.id === device.data?.branchId)?.timezone ?? 'Asia/Shanghai';
  const option = useMemo(() => (history.data ? historyOption(t, history.data.statuses, zone, i18n.language) : null), [history.data, zone, i18n.language, t]);
  if (device.isPending) return <Loading />;
  if (device.isError) return <Failed error={device.error} retry={() => void device.refetch()} />;
  const d = device.data;
  const time = (iso?: string | null) => branchTime(iso, zone, i18n.language);
  return (
    <div className="device-page">
      <div className="page-heading">
        <Typography.Title level={2}>
          {kindWord(t, d.kind)} · {deviceName(t, d)}
        </Typography.Title>
        <Space>
          <Button onClick={() => refresh.send('status.refresh')} disabled={refresh.busy}>
            {t('device.refresh')}
          </Button>
          <CommandResult status={refresh.status} />
          <RefillButtons device={d} />
        </Space>
      </div>
      <div className="lobby-grid">
        <Card title={<h3 className="card-title">{t('device.state')}</h3>} className="panel">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('device.state')}>{stateWord(t, d)}</Descriptions.Item>
            <Descriptions.Item label={t('device.faults')}>{d.faults.length ? d.faults.map((f) => <Tag key={f}>{faultWord(t, f)}</Tag>) : t('common.none')}</Descriptions.Item>
            {d.consumables &&
              Object.entries(d.consumables).map(([name, value]) => (
                <Descriptions.Item key={name} label={t(`consumable.${name === 'ribbon' ? 'ribbon' : 'paper'}`)}>
                  {t(`level.${['ok', 'low', 'out'].includes(value.level) ? value.level : 'unknown'}`)}
                </Descriptions.Item>
              ))}
            {d.location && <Descriptions.Item label={t('device.location')}>{d.location}</Descriptions.Item>}
            <Descriptions.Item label={t('device.lastSeen')}>{time(d.lastSeen) || t('common.none')}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={<h3 className="card-title">{t('device.history')}</h3>} className="panel">
          {history.isPending ? <Loading /> : history.isError ? <Failed error={history.error} /> : option && <EChart option={option} label={t('device.history')} />}
        </Card>
        <Card title={<h3 className="card-title">{t('device.timeline')}</h3>} className="panel">
          {history.data && timeline(t, history.data, (code) => faultWord(t, code)).length ? (
            <Timeline items={timeline(t, history.data, (code) => faultWord(t, code)).map((m) => ({ color: m.bad ? 'red' : 'green', content: `${time(m.at)} ${m.text}` }))} />
          ) : (
            <Nothing text={t('device.noHistory')} />
          )}
        </Card>
        <Card title={<h3 className="card-title">{t('device.tasks')}</h3>} className="panel">
          {tasks.isPending ? (
            <Loading />
          ) : tasks.isError ? (
            <Failed error={tasks.error} />
          ) : !tasks.data.length ? (
            <Nothing text={t('device.noHistory')} />
          ) : (
            <List
              size="small"
              dataSource={tasks.data}
              renderItem={(task) => (
                <List.Item>
                  <SeverityTag severity={task.severity} /> {problemWord(t, task)} · {t(`taskStatus.${task.status}`)} · {time(task.history[task.history.length - 1]?.at)}
                  {task.history.find((h) => h.note) && <span className="item-reason"> {task.history.filter((h) => h.note).pop()?.note}</span>}
                </List.Item>
              )}
            />
          )}
        </Card>
      </div>
    </div>
  );
}
