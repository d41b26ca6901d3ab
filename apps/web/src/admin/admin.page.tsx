import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { BranchesTab } from './branches.tab';
import { DevicesTab } from './devices.tab';
import { SilencesTab, WebhooksTab } from './notifications.tab';
import { UsersTab } from './users.tab';

/** Admin: plain tables and forms over the admin API. */
export default function AdminPage() {
  const { t } = useTranslation();
  return (
    <div className="admin">
      <div className="page-heading">
        <Typography.Title level={2}>{t('admin.title')}</Typography.Title>
      </div>
      <Tabs
        items={[
          { key: 'branches', label: t('admin.branches'), children: <BranchesTab /> },
          { key: 'devices', label: t('admin.devices'), children: <DevicesTab /> },
          { key: 'users', label: t('admin.users'), children: <UsersTab /> },
          { key: 'silences', label: t('admin.silences'), children: <SilencesTab /> },
          { key: 'webhooks', label: t('admin.webhooks'), children: <WebhooksTab /> },
        ]}
      />
    </div>
  );
}
