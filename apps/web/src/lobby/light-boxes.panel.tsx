import { useEffect, useState } from 'react';
import { Button, Card, List, Space, Tag } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useDevices } from '../api/queries';
import type { Branch, Command, Device } from '../api/types';
import { deviceName, stateWord } from '../format/words';
import { Failed, Loading, Nothing } from '../shell/states';

/** Light boxes with on/off: the command is sent, then its result is polled and shown. */
export function LightBoxesPanel({ branch }: { branch: Branch }) {
  const { t } = useTranslation();
  const devices = useDevices(branch.id);
  const boxes = (devices.data ?? []).filter((d) => d.kind === 'light-box');
  return (
    <Card title={<h3 className="card-title">{t('lobby.lightBoxes')}</h3>} className="panel panel-lamps" data-testid="light-boxes">
      {devices.isPending ? (
        <Loading />
      ) : devices.isError ? (
        <Failed error={devices.error} retry={() => void devices.refetch()} />
      ) : !boxes.length ? (
        <Nothing text={t('lobby.noLightBoxes')} />
      ) : (
        <List dataSource={boxes} renderItem={(box) => <LightBoxRow box={box} />} />
      )}
    </Card>
  );
}

function LightBoxRow({ box }: { box: Device }) {
  const { t } = useTranslation();
  const [commandId, setCommandId] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (action: 'lamp.on' | 'lamp.off') => api<{ id: string }>(`/api/devices/${encodeURIComponent(box.id)}/commands`, { method: 'POST', body: { action } }),
    onSuccess: (command) => setCommandId(command.id),
  });
  const command = useQuery({
    queryKey: ['command', commandId],
    queryFn: () => api<Command>(`/api/commands/${encodeURIComponent(commandId!)}`),
    enabled: commandId !== null,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'pending' ? false : 1000),
  });
  useEffect(() => setCommandId(null), [box.id]);
  const lamp = box.lamp ? (box.lamp.switchedOn ? 'on' : 'off') : 'unknown';
  const status = send.isError ? 'failed' : command.data?.status ?? (send.isPending ? 'pending' : null);
  return (
    <List.Item data-device={box.id}>
      <List.Item.Meta title={deviceName(t, box)} description={`${stateWord(t, box)} · ${t(`lobby.lampIs.${lamp}`)}`} />
      <Space direction="vertical" size={4} align="end">
        <Space>
          <Button size="small" onClick={() => send.mutate('lamp.on')} disabled={send.isPending}>
            {t('lobby.lampOn')}
          </Button>
          <Button size="small" onClick={() => send.mutate('lamp.off')} disabled={send.isPending}>
            {t('lobby.lampOff')}
          </Button>
        </Space>
        {status && (
          <Tag color={status === 'succeeded' ? '#237804' : status === 'pending' ? '#0958d9' : '#a8071a'} role="status">
            {t(`command.${status}`)}
          </Tag>
        )}
      </Space>
    </List.Item>
  );
}
