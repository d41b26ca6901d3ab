import { Card, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDevices } from '../api/queries';
import type { Branch } from '../api/types';
import { branchTime } from '../format/time';
import { deviceName } from '../format/words';
import { Failed, Loading, Nothing } from '../shell/states';
import { soonNeeds } from './needs';

const TODAY_MS = 12 * 3600_000;
const URGENT = new Set(['paper-out', 'ribbon-out', 'link-down', 'compartments-full']);

/** Devices the lobby manager can fix now (paper, ribbon, receipt box, cover), with when each runs out. */
export function NeedsMePanel({ branch }: { branch: Branch }) {
  const { t, i18n } = useTranslation();
  const devices = useDevices(branch.id);
  const now = Date.now();
  const rows = (devices.data ?? []).flatMap((device) => soonNeeds(device, now, TODAY_MS).map((need) => ({ device, ...need })));
  rows.sort((a, b) => Number(URGENT.has(b.need)) - Number(URGENT.has(a.need)) || (a.runsOutAt ?? '').localeCompare(b.runsOutAt ?? ''));
  return (
    <Card title={<h3 className="card-title">{t('lobby.needsMe')}</h3>} className="panel panel-needs" data-testid="needs-me">
      {devices.isPending ? (
        <Loading />
      ) : devices.isError ? (
        <Failed error={devices.error} retry={() => void devices.refetch()} />
      ) : !rows.length ? (
        <Nothing text={t('lobby.nothingNeeded')} />
      ) : (
        <List
          dataSource={rows}
          renderItem={(row) => (
            <List.Item data-need={row.need}>
              <List.Item.Meta
                title={
                  <span>
                    <Tag color={URGENT.has(row.need) ? '#a8071a' : '#874d00'}>{t(`lobby.action.${row.need}`)}</Tag>
                    <Link to={`/devices/${encodeURIComponent(row.device.id)}`}>
                      {deviceName(t, row.device)}
                    </Link>
                  </span>
                }
                description={
                  row.need.endsWith('-low')
                    ? row.runsOutAt
                      ? t('lobby.runsOut', { time: branchTime(row.runsOutAt, branch.timezone, i18n.language) })
                      : t('lobby.runsOutUnknown')
                    : row.device.location ?? undefined
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
