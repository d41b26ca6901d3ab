import { App, Button, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Device } from '../api/types';

type Consumable = 'paper' | 'ribbon' | 'compartments';

/** What a lobby manager can record by hand on each kind (the server says the same; docs/lobby-day.md). */
const BY_KIND: Record<string, Consumable[]> = {
  'ticket-printer': ['paper'],
  'receipt-box': ['paper', 'ribbon', 'compartments'],
  'cash-dispenser': ['paper', 'ribbon'],
};

/** 已换纸 / 已换色带 / 已清空回单格: recorded on the device; the forecast and checklists follow. */
export function RefillButtons({ device }: { device: Device }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const record = useMutation({
    mutationFn: (consumable: Consumable) =>
      api(`/api/devices/${encodeURIComponent(device.id)}/consumables/${consumable}/refilled`, { method: 'POST', body: {} }).then(() => consumable),
    onSuccess: (consumable) => {
      void message.success(t('refill.done', { what: t(`refill.${consumable}`) }));
      for (const key of ['device', 'devices', 'history', 'checklists']) void client.invalidateQueries({ queryKey: [key] });
    },
    onError: (error) => void message.error(t('common.error', { message: error.message })),
  });
  const consumables = BY_KIND[device.kind] ?? [];
  if (!consumables.length) return null;
  return (
    <Space wrap aria-label={t('refill.title')}>
      {consumables.map((consumable) => (
        <Button key={consumable} onClick={() => record.mutate(consumable)} disabled={record.isPending} data-consumable={consumable}>
          {t(`refill.${consumable}`)}
        </Button>
      ))}
    </Space>
  );
}
