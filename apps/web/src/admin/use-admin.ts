import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type List } from '../api/client';

/** A list from the admin API. */
export function useAdminList<T>(key: string, path: string) {
  return useQuery({ queryKey: ['admin', key], queryFn: () => api<List<T>>(path).then((r) => r.items) });
}

/** A change through the admin API that refreshes the lists it touches and says what went wrong. */
export function useAdminChange<V>(keys: string[], send: (value: V) => Promise<unknown>, onDone?: (result: unknown) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (result) => {
      await Promise.all(keys.map((key) => client.invalidateQueries({ queryKey: key.startsWith('admin.') ? ['admin', key.slice(6)] : [key] })));
      onDone?.(result);
    },
    onError: (error) => void message.error(t('common.error', { message: error.message })),
  });
}
