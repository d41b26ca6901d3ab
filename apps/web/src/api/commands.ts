import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Command } from './types';

/** Sends a device command and follows it to its result (`GET /api/commands/{id}` every second while pending). */
export function useDeviceCommand(deviceId: string) {
  const [commandId, setCommandId] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (action: string) => api<{ id: string }>(`/api/devices/${encodeURIComponent(deviceId)}/commands`, { method: 'POST', body: { action } }),
    onMutate: () => setCommandId(null),
    onSuccess: (command) => setCommandId(command.id),
  });
  const command = useQuery({
    queryKey: ['command', commandId],
    queryFn: () => api<Command>(`/api/commands/${encodeURIComponent(commandId!)}`),
    enabled: commandId !== null,
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'pending' ? false : 1000),
  });
  const status: Command['status'] | null = send.isError ? 'failed' : commandId ? (command.data?.status ?? 'pending') : send.isPending ? 'pending' : null;
  return { send: (action: string) => send.mutate(action), busy: send.isPending || status === 'pending', status };
}
