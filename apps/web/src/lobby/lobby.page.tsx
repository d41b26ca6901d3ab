import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Session } from '../auth/session';
import { BranchPicker, WithChosenBranch } from '../shell/chosen-branch';
import { AlertsPanel } from './alerts.panel';
import { ChecklistPanel } from './checklist.panel';
import { LightBoxesPanel } from './light-boxes.panel';
import { NeedsMePanel } from './needs-me.panel';
import { SelfServicePanel } from './self-service.panel';

/** The lobby manager's one screen (360 px first): alerts, what needs me, today's checks, light boxes. */
export function LobbyPage({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  return (
    <WithChosenBranch session={session}>
      {(branch, branches) => (
        <div className="lobby">
          <div className="page-heading">
            <Typography.Title level={2}>{t('lobby.title', { branch: branch.name })}</Typography.Title>
            <BranchPicker branch={branch} branches={branches} onChange={(id) => setParams({ branch: id })} />
          </div>
          <SelfServicePanel branch={branch} />
          <div className="lobby-grid">
            <AlertsPanel branch={branch} />
            <NeedsMePanel branch={branch} />
            <ChecklistPanel branch={branch} />
            <LightBoxesPanel branch={branch} />
          </div>
        </div>
      )}
    </WithChosenBranch>
  );
}
