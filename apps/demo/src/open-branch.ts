import { BranchCalendar, BranchSchedule } from '@lobby/calendar';

export interface DemoBranch extends Partial<BranchSchedule> {
  id: string;
  name: string;
}

/** A branch open now, with when its opening ends (epoch ms and the branch's local `HH:MM`). */
export interface OpenBranch {
  branch: DemoBranch;
  closesAt: number;
  closesLocal: string;
}

/**
 * The branch to show first: of those open at `at`, the one with the most of its opening left
 * (its lobby manager is the login to use now, and the opening scene plays there). `undefined`
 * when every branch is closed, which the demo fleet never is (an admin may change that).
 */
export function featuredBranch(branches: readonly DemoBranch[], at: number): OpenBranch | undefined {
  let best: OpenBranch | undefined;
  for (const branch of branches) {
    const calendar = new BranchCalendar(branch);
    if (!calendar.isOpen(at)) continue;
    const window = calendar.nextOpenings(at, 1)[0];
    if (!window) continue;
    if (!best || window.closesAt > best.closesAt) best = { branch, closesAt: window.closesAt, closesLocal: calendar.localTime(window.closesAt) };
  }
  return best;
}
