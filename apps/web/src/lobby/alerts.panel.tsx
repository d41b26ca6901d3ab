import { useState } from 'react';
import { App, Button, Card, Input, List, Modal, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useDevices, useOpenAlerts } from '../api/queries';
import type { Alert, Branch } from '../api/types';
import { alertTitle, deviceName } from '../format/words';
import { branchTime } from '../format/time';
import { Failed, Loading, Nothing } from '../shell/states';
import { SeverityTag } from './severity-tag';

/** Live alerts of the branch, most severe then newest first, each acknowledged with a note. */
export function AlertsPanel({ branch }: { branch: Branch }) {
  const { t, i18n } = useTranslation();
  const alerts = useOpenAlerts(branch.id);
  const devices = useDevices(branch.id);
  const [acking, setAcking] = useState<Alert | null>(null);
  const device = (id: string | null) => devices.data?.find((d) => d.id === id);
  const titleOf = (alert: Alert) => `${alertTitle(t, alert)}${alert.deviceId ? ` · ${deviceName(t, device(alert.deviceId), alert.deviceId)}` : ''}`;

  return (
    <Card title={<h3 className="card-title">{t('lobby.alerts')}</h3>} className="panel panel-alerts" data-testid="alerts">
      {alerts.isPending ? (
        <Loading />
      ) : alerts.isError ? (
        <Failed error={alerts.error} retry={() => void alerts.refetch()} />
      ) : !alerts.data.length ? (
        <Nothing text={t('lobby.noAlerts')} />
      ) : (
        <List
          dataSource={alerts.data}
          renderItem={(alert) => (
            <List.Item
              className={`alert-row severity-${alert.severity}`}
              data-alert-type={alert.type}
              actions={
                alert.state === 'active'
                  ? [
                      <Button key="ack" type="primary" size="small" onClick={() => setAcking(alert)}>
                        {t('lobby.ack')}
                      </Button>,
                    ]
                  : [<Tag key="acked">{t('lobby.acked', { by: alert.ackedBy ?? '' })}</Tag>]
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    <SeverityTag severity={alert.severity} /> {titleOf(alert)}
                  </span>
                }
                description={branchTime(alert.raisedAt, branch.timezone, i18n.language)}
              />
            </List.Item>
          )}
        />
      )}
      {acking && <AckDialog alert={acking} title={titleOf(acking)} onDone={() => setAcking(null)} />}
    </Card>
  );
}

function AckDialog({ alert, title, onDone }: { alert: Alert; title: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const ack = useMutation({
    mutationFn: () => api(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, { method: 'POST', body: note.trim() ? { note: note.trim() } : {} }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['alerts'] });
      onDone();
    },
    onError: (error) => void message.error(t('common.error', { message: error.message })),
  });
  return (
    <Modal open title={t('lobby.ackTitle', { title })} okText={t('lobby.ack')} cancelText={t('common.cancel')} onOk={() => ack.mutate()} confirmLoading={ack.isPending} onCancel={onDone}>
      <label htmlFor="ack-note">{t('lobby.ackNote')}</label>
      <Input.TextArea id="ack-note" value={note} maxLength={1000} rows={3} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
