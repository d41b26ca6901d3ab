import { App, Button, Card, Checkbox, List, Progress, Tabs, Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useChecklists } from '../api/queries';
import type { Branch, Checklist, ChecklistItem } from '../api/types';
import { branchTime, localDate } from '../format/time';
import { localTitle } from '../format/words';
import { Failed, Loading, Nothing } from '../shell/states';

/** Today's 营业前 / 营业后 checks: auto items follow live state, manual items are ticked here, then signed off. */
export function ChecklistPanel({ branch }: { branch: Branch }) {
  const { t } = useTranslation();
  const today = localDate(Date.now(), branch.timezone);
  const checklists = useChecklists(branch.id, today);
  const list = [...(checklists.data ?? [])].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const current = list.find((c) => !c.complete) ?? list[list.length - 1];
  return (
    <Card title={<h3 className="card-title">{t('checklist.title')}</h3>} className="panel panel-checklist" data-testid="checklist">
      {checklists.isPending ? (
        <Loading />
      ) : checklists.isError ? (
        <Failed error={checklists.error} retry={() => void checklists.refetch()} />
      ) : !list.length ? (
        <Nothing text={t('checklist.none')} />
      ) : (
        <Tabs
          defaultActiveKey={current?.id}
          items={list.map((checklist) => ({ key: checklist.id, label: t(`checklist.${checklist.kind}`), children: <ChecklistView checklist={checklist} branch={branch} /> }))}
        />
      )}
    </Card>
  );
}

function ChecklistView({ checklist, branch }: { checklist: Checklist; branch: Branch }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: ['checklists'] });
  const onError = (error: Error) => void message.error(t('common.error', { message: error.message }));
  const tick = useMutation({
    mutationFn: (item: { id: string; done: boolean }) =>
      api(`/api/checklists/${encodeURIComponent(checklist.id)}/items/${encodeURIComponent(item.id)}`, { method: 'PATCH', body: { done: item.done } }),
    onSuccess: refresh,
    onError,
  });
  // 已换纸 / 已换色带 straight from a failing consumable item: recorded on its device, then the item is checked again.
  const refill = useMutation({
    mutationFn: (r: { deviceId: string; consumable: string }) =>
      api(`/api/devices/${encodeURIComponent(r.deviceId)}/consumables/${r.consumable}/refilled`, { method: 'POST', body: {} }),
    onSuccess: () => {
      void refresh();
      void client.invalidateQueries({ queryKey: ['devices'] });
    },
    onError,
  });
  const signOff = useMutation({ mutationFn: () => api(`/api/checklists/${encodeURIComponent(checklist.id)}/sign-off`, { method: 'POST', body: {} }), onSuccess: refresh, onError });
  const done = checklist.items.filter((i) => i.done).length;
  const time = (iso?: string) => branchTime(iso, branch.timezone, i18n.language);
  return (
    <div className="checklist" data-kind={checklist.kind}>
      <div className="checklist-head">
        <span>{t('checklist.due', { time: time(checklist.dueAt) })}</span>
        {checklist.overdue && <Tag color="#a8071a">{t('checklist.overdue')}</Tag>}
        <Progress percent={Math.round((done / Math.max(1, checklist.items.length)) * 100)} size="small" aria-label={t('checklist.progress', { done, total: checklist.items.length })} format={() => t('checklist.progress', { done, total: checklist.items.length })} />
      </div>
      <List
        size="small"
        dataSource={checklist.items}
        renderItem={(item: ChecklistItem) => (
          <List.Item data-item={item.id} data-done={item.done}>
            {item.mode === 'manual' ? (
              <Checkbox checked={item.done} disabled={checklist.complete || tick.isPending} onChange={(e) => tick.mutate({ id: item.id, done: e.target.checked })}>
                {localTitle(item.title, i18n.language, item.titles)}
              </Checkbox>
            ) : (
              <span className="auto-item">
                {item.done ? <CheckCircleFilled className="ok-icon" aria-hidden /> : <CloseCircleFilled className="bad-icon" aria-hidden />}
                <span>{localTitle(item.title, i18n.language, item.titles)}</span>
                <Tag>{t('checklist.auto')}</Tag>
                {!item.done && item.reason && <span className="item-reason">{localTitle(item.reason, i18n.language, item.reasons)}</span>}
                {!item.done && !checklist.complete && item.deviceId && refillOf(item.id) && (
                  <Button size="small" onClick={() => refill.mutate({ deviceId: item.deviceId!, consumable: refillOf(item.id)! })} disabled={refill.isPending}>
                    {t(`refill.${refillOf(item.id)!}`)}
                  </Button>
                )}
              </span>
            )}
          </List.Item>
        )}
      />
      {checklist.complete ? (
        <p className="signed-off">{t('checklist.signedOff', { by: checklist.signedOffBy ?? '', time: time(checklist.signedOffAt) })}</p>
      ) : (
        <Button type="primary" onClick={() => signOff.mutate()} loading={signOff.isPending}>
          {t('checklist.signOff')}
        </Button>
      )}
    </div>
  );
}

/** The consumable a checklist item is about (`paper.{device}`, `ribbon.{device}`), if a refill can be recorded for it. */
function refillOf(itemId: string): 'paper' | 'ribbon' | null {
  if (itemId.startsWith('paper.')) return 'paper';
  if (itemId.startsWith('ribbon.')) return 'ribbon';
  return null;
}
