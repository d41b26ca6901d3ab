import { useState } from 'react';
import { App, Button, Input, Modal, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Task } from '../api/types';

/** Claim (assignee = me), start, resolve with a note: the task's next step for the person looking at it. */
export function TaskActions({ task, me }: { task: Task; me: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const patch = useMutation({
    mutationFn: (body: Record<string, string>) => api(`/api/tasks/${encodeURIComponent(task.id)}`, { method: 'PATCH', body }),
    onSuccess: async () => {
      setResolving(false);
      await client.invalidateQueries({ queryKey: ['tasks'] });
    },
    onError: (error) => void message.error(t('common.error', { message: error.message })),
  });
  const mine = task.assignee === me;
  return (
    <Space wrap>
      {(!mine || task.status === 'open') && (
        <Button size="small" onClick={() => patch.mutate({ assignee: me })} loading={patch.isPending}>
          {t('tasks.claim')}
        </Button>
      )}
      {mine && task.status === 'assigned' && (
        <Button size="small" type="primary" onClick={() => patch.mutate({ status: 'in-progress' })} loading={patch.isPending}>
          {t('tasks.start')}
        </Button>
      )}
      {mine && task.status === 'in-progress' && (
        <Button size="small" type="primary" onClick={() => setResolving(true)}>
          {t('tasks.resolve')}
        </Button>
      )}
      {resolving && (
        <Modal
          open
          title={t('tasks.resolveTitle')}
          okText={t('tasks.resolve')}
          cancelText={t('common.cancel')}
          okButtonProps={{ disabled: !note.trim() }}
          confirmLoading={patch.isPending}
          onOk={() => patch.mutate({ status: 'resolved', note: note.trim() })}
          onCancel={() => setResolving(false)}
        >
          <label htmlFor="resolve-note">{t('tasks.resolveNote')}</label>
          <Input.TextArea id="resolve-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Modal>
      )}
    </Space>
  );
}
