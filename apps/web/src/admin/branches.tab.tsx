import { useState } from 'react';
import { Button, Form, Input, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useBranches } from '../api/queries';
import type { Branch } from '../api/types';
import { useAdminChange } from './use-admin';

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function hoursText(t: (key: string) => string, branch: Branch): string {
  if (!branch.openingHours) return `${t('admin.everyDay')} 09:00–17:00`;
  const ranges = WEEK.map((day) => branch.openingHours?.[day]?.join('–') ?? null);
  if (ranges.every((r) => r !== null && r === ranges[0])) return `${t('admin.everyDay')} ${ranges[0]}`;
  return WEEK.map((day) => `${t(`admin.weekday.${day}`)} ${branch.openingHours?.[day]?.join('–') ?? t('admin.closed')}`).join('，');
}

/** Branches: name, time zone, opening hours and exception days; agent credentials shown once. */
export function BranchesTab() {
  const { t } = useTranslation();
  const branches = useBranches();
  const [editing, setEditing] = useState<Branch | 'new' | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  const rotate = useAdminChange<string>(['branches'], (id) => api(`/api/branches/${encodeURIComponent(id)}/agent-credentials`, { method: 'POST', body: {} }), (r) => setSecret(r as { username: string; password: string }));
  return (
    <>
      <Button type="primary" onClick={() => setEditing('new')} className="admin-new">
        {t('common.create')}
      </Button>
      <Table<Branch>
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={branches.isPending}
        dataSource={branches.data ?? []}
        columns={[
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.timezone'), dataIndex: 'timezone' },
          { title: t('admin.openingHours'), key: 'hours', render: (_, b) => hoursText(t, b) },
          { title: t('admin.exceptions'), key: 'exceptions', render: (_, b) => (b.exceptions ?? []).map((e) => `${e.date} ${e.closed ? t('admin.closed') : (e.hours ?? []).join('–')}`).join('，') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, b) => (
              <span className="admin-actions">
                <Button size="small" onClick={() => setEditing(b)}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => rotate.mutate(b.id)}>
                  {t('admin.rotate')}
                </Button>
              </span>
            ),
          },
        ]}
      />
      {editing && <BranchForm branch={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {secret && (
        <Modal open title={t('admin.newSecret')} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }}>
          <Typography.Paragraph copyable>{secret.username}</Typography.Paragraph>
          <Typography.Paragraph copyable code>
            {secret.password}
          </Typography.Paragraph>
        </Modal>
      )}
    </>
  );
}

interface BranchValues {
  id: string;
  name: string;
  timezone: string;
  hours: string;
  exceptions: string;
}

/** Opening hours as "mon 09:00-17:00" lines, exception days as "2026-10-01 closed" or "2026-10-11 09:00-17:00" lines. */
function parseHours(text: string): Record<string, [string, string] | null> {
  const hours: Record<string, [string, string] | null> = Object.fromEntries(WEEK.map((d) => [d, null]));
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const [day, range] = line.split(/\s+/);
    const [from, to] = (range ?? '').split('-');
    if ((WEEK as readonly string[]).includes(day) && from && to) hours[day] = [from, to];
  }
  return hours;
}

function parseExceptions(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [date, rest = 'closed'] = line.split(/\s+/);
      const [from, to] = rest.split('-');
      return rest === 'closed' || !to ? { date, closed: true } : { date, hours: [from, to] as [string, string] };
    });
}

function BranchForm({ branch, onDone }: { branch: Branch | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useAdminChange<BranchValues>(
    ['branches'],
    (v) => {
      const body = { name: v.name, timezone: v.timezone || undefined, openingHours: v.hours.trim() ? parseHours(v.hours) : undefined, exceptions: parseExceptions(v.exceptions ?? '') };
      return branch ? api(`/api/branches/${encodeURIComponent(branch.id)}`, { method: 'PATCH', body }) : api('/api/branches', { method: 'POST', body: { id: v.id, ...body } });
    },
    onDone,
  );
  const initial: BranchValues = {
    id: branch?.id ?? '',
    name: branch?.name ?? '',
    timezone: branch?.timezone ?? 'Asia/Shanghai',
    hours: branch?.openingHours ? WEEK.filter((d) => branch.openingHours?.[d]).map((d) => `${d} ${branch.openingHours![d]!.join('-')}`).join('\n') : '',
    exceptions: (branch?.exceptions ?? []).map((e) => `${e.date} ${e.closed ? 'closed' : (e.hours ?? []).join('-')}`).join('\n'),
  };
  return (
    <Modal open title={branch ? branch.name : t('common.create')} footer={null} onCancel={onDone}>
      <Form layout="vertical" initialValues={initial} onFinish={(v: BranchValues) => save.mutate(v)}>
        {!branch && (
          <Form.Item label={t('admin.id')} name="id" rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item label={t('admin.name')} name="name" rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item label={t('admin.timezone')} name="timezone">
          <Input />
        </Form.Item>
        <Form.Item label={t('admin.openingHours')} name="hours" extra="mon 09:00-17:00">
          <Input.TextArea rows={7} />
        </Form.Item>
        <Form.Item label={t('admin.exceptions')} name="exceptions" extra="2026-10-01 closed">
          <Input.TextArea rows={3} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Modal>
  );
}
