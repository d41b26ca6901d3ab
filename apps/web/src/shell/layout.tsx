import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Alert as Banner, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import type { Alert } from '../api/types';
import { setSession, type Role, type Session } from '../auth/session';
import { alertTitle } from '../format/words';
import { switchLanguage } from '../i18n/i18n';
import { beep, notify } from '../live/critical-cue';
import { useLiveStream } from '../live/live-stream';
import { LiveBanner } from './live-banner';

const NAV: { to: string; key: string; roles: Role[] }[] = [
  { to: '/lobby', key: 'nav.lobby', roles: ['lobby-manager', 'admin'] },
  { to: '/work-log', key: 'nav.workLog', roles: ['lobby-manager', 'branch-head', 'admin'] },
  { to: '/tasks', key: 'nav.tasks', roles: ['maintenance', 'cash-centre', 'admin'] },
  { to: '/branches', key: 'nav.branches', roles: ['branch-head', 'lobby-manager', 'maintenance', 'admin'] },
  { to: '/admin', key: 'nav.admin', roles: ['admin'] },
];

/** The frame every screen shares: who I am, where I can go, the language switch and the live stream's state. */
export function Layout({ session, children }: { session: Session; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [critical, setCritical] = useState<Alert | null>(null);
  const seen = useRef(new Set<string>());
  const onAlert = useCallback(
    (alert: Alert) => {
      if (alert.severity !== 'critical' || alert.state !== 'active' || seen.current.has(alert.id)) return;
      seen.current.add(alert.id);
      setCritical(alert);
      beep();
      notify(t('lobby.newCritical', { title: alertTitle(t, alert) }));
    },
    [t],
  );
  const stream = useLiveStream(session.token, onAlert);
  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="shell-header">
        <Typography.Text strong className="shell-title">
          {t('app.title')}
        </Typography.Text>
        <nav aria-label={t('app.title')} className="shell-nav">
          {NAV.filter((item) => item.roles.includes(session.user.role)).map((item) => (
            <NavLink key={item.to} to={item.to}>
              {t(item.key)}
            </NavLink>
          ))}
        </nav>
        <Space size="small" wrap className="shell-user">
          <span>
            {session.user.username} · {t(`role.${session.user.role}`)}
          </span>
          <Button size="small" title={t('nav.languageLabel')} lang={other} onClick={() => switchLanguage(other)}>
            {t('nav.language')}
          </Button>
          <Button size="small" onClick={() => setSession(null)}>
            {t('nav.logout')}
          </Button>
        </Space>
      </header>
      <LiveBanner state={stream} />
      {critical && (
        <Banner
          className="critical-cue"
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setCritical(null), 'aria-label': t('common.confirm') }}
          title={t('lobby.newCritical', { title: alertTitle(t, critical) })}
        />
      )}
      <main id="main" className="shell-main">
        {children}
      </main>
    </div>
  );
}
