import { Button, Card, List, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDeviceCommand } from '../api/commands';
import { useDevices } from '../api/queries';
import type { Branch, Device } from '../api/types';
import { deviceName, stateWord } from '../format/words';
import { CommandResult } from '../shell/command-result';
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
  const command = useDeviceCommand(box.id);
  const lamp = box.lamp ? (box.lamp.switchedOn ? 'on' : 'off') : 'unknown';
  return (
    <List.Item data-device={box.id}>
      <List.Item.Meta title={deviceName(t, box)} description={`${stateWord(t, box)} · ${t(`lobby.lampIs.${lamp}`)}`} />
      <Space direction="vertical" size={4} align="end">
        <Space>
          <Button size="small" onClick={() => command.send('lamp.on')} disabled={command.busy}>
            {t('lobby.lampOn')}
          </Button>
          <Button size="small" onClick={() => command.send('lamp.off')} disabled={command.busy}>
            {t('lobby.lampOff')}
          </Button>
        </Space>
        <CommandResult status={command.status} />
      </Space>
    </List.Item>
  );
}
