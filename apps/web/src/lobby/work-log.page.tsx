import { useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Branch } from '../api/types';
import { useWorkLog, WorkLog, WorkLogFields, workLogPath } from '../api/work-log';
import type { Session } from '../auth/session';
import { branchTime, localDate } from '../format/time';
import { BranchPicker, WithChosenBranch } from '../shell/chosen-branch';
import { Failed, Loading, Nothing } from '../shell/states';

/** Solid tags (white text on a dark colour), readable at the contrast the accessibility check asks for. */
const STATUS_COLOUR: Record<WorkLog['status'], string> = { empty: 'default', draft: '#874d00', submitted: '#0958d9', reviewed: '#237804' };

/** 大堂经理工作日志: the lobby manager writes and submits the day; the branch head reviews it (批阅). */
export default function WorkLogPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  return (
    <WithChosenBranch session={session}>
      {(branch, branches) => {
        const date = params.get('date') ?? localDate(Date.now(), branch.timezone);
        return (
          <div className="work-log">
            <div className="page-heading">
              <Typography.Title level={2}>{t('workLog.title', { branch: branch.name })}</Typography.Title>
              <Space wrap>
                <BranchPicker branch={branch} branches={branches} onChange={(id) => setParams({ branch: id, date })} />
                <Input type="date" aria-label={t('workLog.date')} value={date} max={localDate(Date.now(), branch.timezone)} onChange={(e) => e.target.value && setParams({ branch: branch.id, date: e.target.value })} />
              </Space>
            </div>
            <WorkLogView key={`${branch.id}/${date}`} branch={branch} date={date} session={session} />
          </div>
        );
      }}
    </WithChosenBranch>
  );
}

function WorkLogView({ branch, date, session }: { branch: Branch; date: string; session: Session }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => branchTime(iso, branch.timezone, i18n.language);
  const log = useWorkLog(branch.id, date);
  if (log.isPending) return <Loading />;
  if (log.isError) return <Failed error={log.error} retry={() => void log.refetch()} />;
  const role = session.user.role;
  const writer = (role === 'lobby-manager' || role === 'admin') && !log.data.locked;
  const reviewer = (role === 'branch-head' || role === 'admin') && log.data.status === 'submitted';
  return (
    <div className="lobby-grid">
      <Card title={<h3 className="card-title">{t('workLog.form')}</h3>} extra={<Tag color={STATUS_COLOUR[log.data.status]}>{t(`workLog.status.${log.data.status}`)}</Tag>} className="panel">
        {writer ? <WorkLogForm branch={branch} log={log.data} /> : <WorkLogText log={log.data} />}
      </Card>
      <Card title={<h3 className="card-title">{t('workLog.review')}</h3>} className="panel">
        {log.data.reviewComment ? (
          <Descriptions column={1} size="small" items={[{ key: 'by', label: t('workLog.reviewedBy'), children: `${log.data.reviewedBy ?? ''} ${time(log.data.reviewedAt)}` }, { key: 'comment', label: t('workLog.comment'), children: log.data.reviewComment }]} />
        ) : reviewer ? (
          <ReviewForm branch={branch} log={log.data} />
        ) : (
          <Nothing text={t('workLog.notReviewed')} />
        )}
      </Card>
      <Card title={<h3 className="card-title">{t('workLog.incidents')}</h3>} className="panel">
        <List
          size="small"
          locale={{ emptyText: t('workLog.noIncidents') }}
          dataSource={log.data.incidents}
          renderItem={(i) => (
            <List.Item key={i.alertId}>
              <List.Item.Meta
                title={`${time(i.raisedAt)} ${i.deviceName && !i.message.includes(i.deviceName) ? `${i.deviceName} ` : ''}${i.message}`}
                description={[
                  i.ack ? t('workLog.acked', { by: i.ack.by, note: i.ack.note ?? '—' }) : t('workLog.notAcked'),
                  i.task ? t('workLog.task', { assignee: i.task.assignee ?? '—', note: i.task.resolutionNote ?? '—' }) : null,
                ]
                  .filter(Boolean)
                  .join('；')}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}

function WorkLogText({ log }: { log: WorkLog }) {
  const { t } = useTranslation();
  const items = (['situation', 'problems', 'suggestions'] as const).map((k) => ({ key: k, label: t(`workLog.${k}`), children: <span style={{ whiteSpace: 'pre-wrap' }}>{log[k] || '—'}</span> }));
  return <Descriptions column={1} size="small" items={[...items, { key: 'onDuty', label: t('workLog.onDuty'), children: log.onDuty.join('、') || '—' }]} />;
}

function WorkLogForm({ branch, log }: { branch: Branch; log: WorkLog }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [fields, setFields] = useState<WorkLogFields>({ situation: log.situation, problems: log.problems, suggestions: log.suggestions, onDuty: log.onDuty });
  useEffect(() => setFields({ situation: log.situation, problems: log.problems, suggestions: log.suggestions, onDuty: log.onDuty }), [log]);
  const path = workLogPath(branch.id, log.date);
  const refresh = () => client.invalidateQueries({ queryKey: ['work-log', branch.id, log.date] });
  const onError = (error: Error) => void message.error(t('common.error', { message: error.message }));
  const save = useMutation({ mutationFn: () => api(path, { method: 'PUT', body: fields }), onSuccess: () => (void message.success(t('workLog.saved')), refresh()), onError });
  const submit = useMutation({ mutationFn: async () => (await api(path, { method: 'PUT', body: fields }), api(`${path}/submit`, { method: 'POST', body: {} })), onSuccess: refresh, onError });
  const text = (key: 'situation' | 'problems' | 'suggestions') => (
    <label style={{ display: 'block' }}>
      <span>{t(`workLog.${key}`)}</span>
      <Input.TextArea value={fields[key]} maxLength={4000} autoSize={{ minRows: 3 }} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </label>
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {text('situation')}
      {text('problems')}
      {text('suggestions')}
      <label style={{ display: 'block' }}>
        <span>{t('workLog.onDuty')}</span>
        <Select mode="tags" value={fields.onDuty} onChange={(onDuty: string[]) => setFields({ ...fields, onDuty })} style={{ width: '100%' }} aria-label={t('workLog.onDuty')} />
      </label>
      <Space>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t('workLog.save')}
        </Button>
        {log.status !== 'submitted' && (
          <Button type="primary" onClick={() => submit.mutate()} loading={submit.isPending} disabled={!fields.situation.trim()}>
            {t('workLog.submit')}
          </Button>
        )}
      </Space>
    </Space>
  );
}

function ReviewForm({ branch, log }: { branch: Branch; log: WorkLog }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [comment, setComment] = useState('');
  const review = useMutation({
    mutationFn: () => api(`${workLogPath(branch.id, log.date)}/review`, { method: 'POST', body: { comment } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['work-log', branch.id, log.date] }),
    onError: (error: Error) => void message.error(t('common.error', { message: error.message })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <WorkLogText log={log} />
      <label style={{ display: 'block' }}>
        <span>{t('workLog.comment')}</span>
        <Input.TextArea value={comment} maxLength={2000} autoSize={{ minRows: 2 }} onChange={(e) => setComment(e.target.value)} />
      </label>
      <Button type="primary" onClick={() => review.mutate()} loading={review.isPending} disabled={!comment.trim()}>
        {t('workLog.doReview')}
      </Button>
    </Space>
  );
}
