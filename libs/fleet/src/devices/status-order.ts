/**
 * The one rule for which of two statuses of a device is newer: the later `ts` (the agent's
 * timestamp), and at the same `ts` the higher `seq`. Nothing held yet: any status is newer. The
 * twin, the persistence batch and the database's conditional update all use it.
 */
export function isNewer(ts: number, seq: number, heldTs: number | null, heldSeq: number | null): boolean {
  if (heldTs === null) return true;
  return ts > heldTs || (ts === heldTs && seq > (heldSeq ?? -1));
}

/**
 * The same rule as a SQL condition: the status in columns `ts`/`seq` of `incoming` is newer than
 * the one held in `held` (`live_ts`/`live_seq`). Aliases are code, never input.
 */
export function newerStatusSql(held: string, incoming: string): string {
  return `(${held}.live_ts IS NULL OR ${held}.live_ts < ${incoming}.ts OR (${held}.live_ts = ${incoming}.ts AND (${held}.live_seq IS NULL OR ${held}.live_seq < ${incoming}.seq)))`;
}
