import { useState } from 'react';
import { Button, Form, Input, Modal, Select, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useBranches } from '../api/queries';
import type { Role } from '../auth/session';
import { useAdminChange, useAdminList } from './use-admin';

interface User {
  username: string;
  role: Role;
  branches: string[];
  disabled?: boolean;
}

const ROLES: Role[] = ['lobby-manager', 'maintenance', 'cash-centre', 'branch-head', 'admin'];

/** Users: role, branches, password, disabled. */
export function UsersTab() {
  const { t } = useTranslation();
  const users = useAdminList<User>('users', '/api/users?limit=1000');
  const branches = useBranches();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const disable = useAdminChange<User>(['admin.users'], (u) => api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body: { disabled: !u.disabled } }));
  const branchName = (id: string) => branches.data?.find((b) => b.id === id)?.name ?? id;
  return (
    <>
      <Button type="primary" onClick={() => setEditing('new')} className="admin-new">
        {t('common.create')}
      </Button>
      <Table<User>
        rowKey="username"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={users.isPending}
        dataSource={users.data ?? []}
        columns={[
          { title: t('login.username'), dataIndex: 'username' },
          { title: t('admin.role'), key: 'role', render: (_, u) => t(`role.${u.role}`) },
          { title: t('admin.branchesOf'), key: 'branches', render: (_, u) => u.branches.map(branchName).join('，') },
          { title: t('admin.disabled'), key: 'disabled', render: (_, u) => <Switch size="small" checked={Boolean(u.disabled)} aria-label={`${t('admin.disabled')} ${u.username}`} onChange={() => disable.mutate(u)} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Button size="small" onClick={() => setEditing(u)}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <UserForm user={editing === 'new' ? null : editing} branchOptions={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))} onDone={() => setEditing(null)} />}
    </>
  );
}

function UserForm({ user, branchOptions, onDone }: { user: User | null; branchOptions: { value: string; label: string }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useAdminChange<{ username: string; password?: string; role: Role; branches: string[] }>(
    ['admin.users'],
    (v) =>
      user
        ? api(`/api/users/${encodeURIComponent(user.username)}`, { method: 'PATCH', body: { role: v.role, branches: v.branches, ...(v.password ? { password: v.password } : {}) } })
        : api('/api/users', { method: 'POST', body: v }),
    onDone,
  );
  return (
    <Modal open title={user ? user.username : t('common.create')} footer={null} onCancel={onDone}>
      <Form layout="vertical" initialValues={{ username: user?.username, role: user?.role ?? 'lobby-manager', branches: user?.branches ?? [] }} onFinish={(v: { username: string; password?: string; role: Role; branches: string[] }) => save.mutate(v)}>
        {!user && (
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item label={t('admin.password')} name="password" rules={user ? [] : [{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={t('admin.role')} name="role">
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item label={t('admin.branchesOf')} name="branches">
          <Select mode="multiple" options={branchOptions} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}
