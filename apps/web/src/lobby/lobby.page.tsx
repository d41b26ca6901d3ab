import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useBranches } from '../api/queries';
import type { Session } from '../auth/session';
import { Failed, Loading, Nothing } from '../shell/states';
import { AlertsPanel } from './alerts.panel';
import { ChecklistPanel } from './checklist.panel';
import { LightBoxesPanel } from './light-boxes.panel';
import { NeedsMePanel } from './needs-me.panel';
import { SelfServicePanel } from './self-service.panel';

/** The lobby manager's one screen (360 px first): alerts, what needs me, today's checks, light boxes. */
export function LobbyPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const branches = useBranches();
  const [params, setParams] = useSearchParams();
  if (branches.isPending) return <Loading />;
  if (branches.isError) return <Failed error={branches.error} retry={() => void branches.refetch()} />;
  if (!branches.data.length) return <Nothing text={t('common.empty')} />;
  const branch = branches.data.find((b) => b.id === params.get('branch')) ?? branches.data.find((b) => session.user.branches.includes(b.id)) ?? branches.data[0];
  return (
    <div className="lobby">
      <div className="page-heading">
        <Typography.Title level={2}>{t('lobby.title', { branch: branch.name })}</Typography.Title>
        {branches.data.length > 1 && (
          <Select
            aria-label={t('lobby.pickBranch')}
            value={branch.id}
            options={branches.data.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(id: string) => setParams({ branch: id })}
            className="branch-select"
          />
        )}
      </div>
      <SelfServicePanel branch={branch} />
      <div className="lobby-grid">
        <AlertsPanel branch={branch} />
        <NeedsMePanel branch={branch} />
        <ChecklistPanel branch={branch} />
        <LightBoxesPanel branch={branch} />
      </div>
    </div>
  );
}
