import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Alert } from '../api/types';

export type StreamState = 'connecting' | 'open' | 'lost' | 'back';

interface LiveMessage {
  type: 'alert' | 'alert.cleared' | 'task' | 'device' | 'checklist' | 'self-service';
  branchId: string;
  data: Record<string, unknown>;
}

const RETRY_MS = 3000;

/** Which cached queries a live event makes stale. */
function invalidate(client: QueryClient, message: LiveMessage): void {
  const refetch = (key: string) => void client.invalidateQueries({ queryKey: [key] });
  switch (message.type) {
    case 'alert':
    case 'alert.cleared':
      refetch('alerts');
      refetch('devices');
      refetch('device');
      break;
    case 'task':
      refetch('tasks');
      break;
    case 'device':
      refetch('devices');
      refetch('device');
      refetch('history');
      break;
    case 'checklist':
      refetch('checklists');
      break;
    case 'self-service':
      refetch('branches');
      break;
  }
}

/**
 * `GET /api/stream` as EventSource (the token in `?access_token=`: EventSource cannot send headers).
 * Every event refreshes the queries it touches; a lost stream is reopened and, once back, everything
 * is refetched, since events may have been missed meanwhile.
 */
export function useLiveStream(token: string | null, onAlert: (alert: Alert) => void): StreamState {
  const client = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const alertHandler = useRef(onAlert);
  alertHandler.current = onAlert;

  useEffect(() => {
    if (!token) return undefined;
    let source: EventSource | null = null;
    let retry: number | undefined;
    let lost = false;
    let stopped = false;
    const open = () => {
      source = new EventSource(`/api/stream?access_token=${encodeURIComponent(token)}`);
      source.addEventListener('ready', () => {
        if (lost) void client.invalidateQueries();
        setState(lost ? 'back' : 'open');
        lost = false;
      });
      source.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as LiveMessage;
        invalidate(client, message);
        if (message.type === 'alert') alertHandler.current(message.data as unknown as Alert);
      };
      source.onerror = () => {
        lost = true;
        setState('lost');
        // EventSource retries by itself unless the server refused it (e.g. an expired token): then reopen here.
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = window.setTimeout(open, RETRY_MS);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      window.clearTimeout(retry);
      source?.close();
    };
  }, [token, client]);
  return state;
}
