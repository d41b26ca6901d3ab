/** Who is logged in. The token lives in memory and in sessionStorage (gone with the tab), never in a URL. */
export type Role = 'lobby-manager' | 'maintenance' | 'cash-centre' | 'branch-head' | 'admin';

export interface Session {
  token: string;
  /** `locale`: the language the server writes the user's texts in (alert titles and messages). */
  user: { username: string; role: Role; branches: string[]; locale?: string };
}

const KEY = 'lobby.session';
let current: Session | null = read();
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
