import { canSeeBranch, Principal } from '@lobby/access';
import { BranchCalendars, BranchInfo } from '@lobby/checklists';
import { notFound } from '@lobby/platform';
import { pathId } from './path-id';

/** A branch the caller may see; another branch's id is as unknown as a missing one (404). */
export async function visibleBranch(calendars: BranchCalendars, principal: Principal, id: string): Promise<BranchInfo> {
  pathId(id, `branch ${id}`);
  const branch = canSeeBranch(principal, id) ? await calendars.get(id) : null;
  if (!branch) throw notFound(`branch ${id}`);
  return branch;
}
