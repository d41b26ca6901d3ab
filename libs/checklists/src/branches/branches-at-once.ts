/**
 * Branches a round over the fleet (the checklist scheduler's, the rollup job's) works on at once:
 * a branch's work mostly waits for the database, so while one waits another's results are used
 * (docs/benchmarks.md, "Day"). Each branch's own steps stay in order.
 */
export const BRANCHES_AT_ONCE = 4;
