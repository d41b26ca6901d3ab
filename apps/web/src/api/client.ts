import { getSession, setSession } from '../auth/session';

/** An API answer that was not 2xx, with what the screens need to say why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

/** JSON over fetch with the session's token; a 401 ends the session (the app then shows the login page). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; accept?: string } = {}): Promise<T> {
  const session = getSession();
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: {
      accept: init.accept ?? 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(session ? { authorization: `Bearer ${session.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (response.status === 401 && session) setSession(null);
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    const text = await response.text();
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(response.status, message, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  if ((init.accept ?? 'application/json') !== 'application/json') return (await response.text()) as T;
  return (await response.json()) as T;
}

export interface List<T> {
  items: T[];
  total: number;
}
