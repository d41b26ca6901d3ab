import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Branch, SelfServiceState } from '../api/types';
import { branchTime } from '../format/time';

const TYPE: Record<SelfServiceState, 'success' | 'warning' | 'error'> = {
  'withdraw-and-deposit': 'success',
  'withdraw-only': 'warning',
  'deposit-only': 'warning',
  unavailable: 'error',
};

/** 分流: whether the lobby manager may send customers to the self-service area now, and what to tell them. */
export function SelfServicePanel({ branch }: { branch: Branch }) {
  const { t, i18n } = useTranslation();
  const self = branch.selfService;
  if (!self) return null;
  const since = self.since ? t('selfService.since', { time: branchTime(self.since, branch.timezone, i18n.language) }) : '';
  const heading = [t(`selfService.state.${self.state}`), branch.selfService24h ? t('selfService.allNight') : '', since].filter(Boolean).join(' · ');
  return (
    <Alert
      className="self-service"
      data-testid="self-service"
      data-state={self.state}
      type={TYPE[self.state]}
      showIcon
      role={self.state === 'unavailable' ? 'alert' : 'status'}
      message={heading}
      description={t(`selfService.advice.${self.state}`)}
    />
  );
}
