import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useBranches } from '../api/queries';
import { useAdminChange, useAdminList } from './use-admin';

interface Silence {
  id: string;
  deviceId?: string | null;
  branchId?: string | null;
  startsAt: string;
  endsAt: string;
  reason?: string | null;
}

interface Webhook {
  id: string;
  url: string;
  format: string;
  branches?: string[] | null;
  roles?: string[] | null;
  minSeverity?: string | null;
}

/** Planned-maintenance silences for a branch. */
export function SilencesTab() {
  const { t } = useTranslation();
  const silences = useAdminList<Silence>('silences', '/api/silences?limit=1000');
  const branches = useBranches();
  const [creating, setCreating] = useState(false);
  const remove = useAdminChange<string>(['admin.silences'], (id) => api(`/api/silences/${encodeURIComponent(id)}`, { method: 'DELETE' }));
  const create = useAdminChange<{ branchId: string; startsAt: string; endsAt: string; reason?: string }>(
    ['admin.silences'],
    (v) => api('/api/silences', { method: 'POST', body: { branchId: v.branchId, startsAt: new Date(v.startsAt).toISOString(), endsAt: new Date(v.endsAt).toISOString(), reason: v.reason || undefined } }),
    () => setCreating(false),
  );
  return (
    <>
      <Button type="primary" onClick={() => setCreating(true)} className="admin-new">
        {t('common.create')}
      </Button>
      <Table<Silence>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={silences.isPending}
        dataSource={silences.data ?? []}
        columns={[
          { title: t('common.branch'), key: 'branch', render: (_, s) => branches.data?.find((b) => b.id === s.branchId)?.name ?? s.deviceId ?? '' },
          { title: t('admin.startsAt'), key: 'startsAt', render: (_, s) => new Date(s.startsAt).toLocaleString() },
          { title: t('admin.endsAt'), key: 'endsAt', render: (_, s) => new Date(s.endsAt).toLocaleString() },
          { title: t('admin.reason'), key: 'reason', render: (_, s) => s.reason ?? '' },
          { title: t('common.actions'), key: 'actions', render: (_, s) => <Button size="small" danger onClick={() => remove.mutate(s.id)}>{t('common.delete')}</Button> },
        ]}
      />
      {creating && (
        <Modal open title={t('admin.silences')} footer={null} onCancel={() => setCreating(false)}>
          <Form layout="vertical" onFinish={(v: { branchId: string; startsAt: string; endsAt: string; reason?: string }) => create.mutate(v)}>
            <Form.Item label={t('common.branch')} name="branchId" rules={[{ required: true }]}>
              <Select options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))} />
            </Form.Item>
            <Form.Item label={t('admin.startsAt')} name="startsAt" rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item label={t('admin.endsAt')} name="endsAt" rules={[{ required: true }]}>
              <Input type="datetime-local" />
            </Form.Item>
            <Form.Item label={t('admin.reason')} name="reason">
              <Input />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        </Modal>
      )}
    </>
  );
}

/** Notification receivers (WeCom, DingTalk, JSON). */
export function WebhooksTab() {
  const { t } = useTranslation();
  const hooks = useAdminList<Webhook>('webhooks', '/api/webhooks?limit=1000');
  const [creating, setCreating] = useState(false);
  const remove = useAdminChange<string>(['admin.webhooks'], (id) => api(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }));
  const create = useAdminChange<{ url: string; format: string; secret?: string }>(
    ['admin.webhooks'],
    (v) => api('/api/webhooks', { method: 'POST', body: { url: v.url, format: v.format, ...(v.secret ? { secret: v.secret } : {}) } }),
    () => setCreating(false),
  );
  return (
    <>
      <Button type="primary" onClick={() => setCreating(true)} className="admin-new">
        {t('common.create')}
      </Button>
      <Table<Webhook>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={hooks.isPending}
        dataSource={hooks.data ?? []}
        columns={[
          { title: t('admin.url'), dataIndex: 'url' },
          { title: t('admin.format'), key: 'format', render: (_, h) => t(`admin.formats.${h.format}`) },
          { title: t('admin.role'), key: 'roles', render: (_, h) => (h.roles ?? []).map((r) => t(`role.${r}`)).join('，') },
          { title: t('admin.minSeverity'), key: 'minSeverity', render: (_, h) => (h.minSeverity ? t(`severity.${h.minSeverity}`) : '') },
          { title: t('common.actions'), key: 'actions', render: (_, h) => <Button size="small" danger onClick={() => remove.mutate(h.id)}>{t('common.delete')}</Button> },
        ]}
      />
      {creating && (
        <Modal open title={t('admin.webhooks')} footer={null} onCancel={() => setCreating(false)}>
          <Form layout="vertical" initialValues={{ format: 'wecom' }} onFinish={(v: { url: string; format: string; secret?: string }) => create.mutate(v)}>
            <Form.Item label={t('admin.url')} name="url" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item label={t('admin.format')} name="format">
              <Select options={['wecom', 'dingtalk', 'json'].map((f) => ({ value: f, label: t(`admin.formats.${f}`) }))} />
            </Form.Item>
            <Form.Item label={t('admin.secret')} name="secret">
              <Input.Password autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending}>
              {t('common.save')}
            </Button>
          </Form>
        </Modal>
      )}
    </>
  );
}
