import { Card, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useBranches, useDevices, useTaskQueue } from '../api/queries';
import type { Session } from '../auth/session';
import { branchTime } from '../format/time';
import { deviceName, problemWord, taskKindWord } from '../format/words';
import { SeverityTag } from '../lobby/severity-tag';
import { Failed, Loading, Nothing } from '../shell/states';
import { TaskActions } from './task-actions';

/** Maintenance: my queue across my branches, earliest deadline first, overdue marked. */
export default function TasksPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const queue = useTaskQueue();
  const branches = useBranches();
  const devices = useDevices();
  const branchOf = (id: string) => branches.data?.find((b) => b.id === id);
  const deviceOf = (id: string | null) => devices.data?.find((d) => d.id === id);
  if (queue.isPending) return <Loading />;
  if (queue.isError) return <Failed error={queue.error} retry={() => void queue.refetch()} />;
  return (
    <div className="tasks">
      <div className="page-heading">
        <Typography.Title level={2}>{t('tasks.title')}</Typography.Title>
      </div>
      <Card className="panel" data-testid="tasks">
        {!queue.data.tasks.length ? (
          <Nothing text={t('tasks.empty')} />
        ) : (
          <List
            dataSource={queue.data.tasks}
            renderItem={(task) => {
              const branch = branchOf(task.branchId);
              const zone = branch?.timezone ?? 'Asia/Shanghai';
              return (
                <List.Item data-task={task.id} className={task.overdue ? 'overdue-row' : undefined} actions={[<TaskActions key="actions" task={task} me={session.user.username} />]}>
                  <List.Item.Meta
                    title={
                      <span>
                        <SeverityTag severity={task.severity} /> {problemWord(t, task)} ·{' '}
                        {task.deviceId ? <Link to={`/devices/${encodeURIComponent(task.deviceId)}`}>{deviceName(t, deviceOf(task.deviceId), task.deviceId)}</Link> : taskKindWord(t, task.kind)}
                      </span>
                    }
                    description={
                      <span className="task-meta">
                        {branch?.name} · {t('tasks.deadline')} {branchTime(task.resolveDueAt, zone, i18n.language)} · {t(`taskStatus.${task.status}`)}
                        {task.assignee ? ` · ${t('tasks.assignee')} ${task.assignee}` : ''} {task.overdue && <Tag color="#a8071a">{t('tasks.overdue')}</Tag>}
                      </span>
                    }
                  />
                </List.Item>
              );
            }}
          />
        )}
      </Card>
    </div>
  );
}
