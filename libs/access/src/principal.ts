import type { Locale, Role } from '@lobby/contracts';

/** Who is calling: from a verified token. */
export interface Principal {
  username: string;
  role: Role;
  branches: string[];
  /** The user's language; absent means zh-CN. */
  locale?: Locale;
}

/** A user sees only their branches; an admin sees all. */
export function canSeeBranch(principal: Principal, branchId: string): boolean {
  return principal.role === 'admin' || principal.branches.includes(branchId);
}

/** Branch ids to filter lists by, or `null` for all (admin). */
export function visibleBranches(principal: Principal): string[] | null {
  return principal.role === 'admin' ? null : principal.branches;
}

/**
 * The branches a list is filtered to: the requested one if the caller may see it, else the
 * caller's own; `null` for all (admin, no request); `[]` when nothing may be shown.
 */
export function listBranches(visible: string[] | null, requested?: string): string[] | null {
  if (requested) return !visible || visible.includes(requested) ? [requested] : [];
  return visible;
}
