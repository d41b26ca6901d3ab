/**
 * The sequence numbers seen from one agent boot, as merged ranges. Unlike a high-water mark it
 * accepts a replayed backlog that arrives after a newer birth, and still drops real repeats.
 * Below `floor` (ranges forgotten to bound memory, or before a server restart) it cannot tell:
 * such numbers are `unknown` and the database's unique index decides.
 */
export type SeqVerdict = 'new' | 'duplicate' | 'unknown';

export class SeqWindow {
  private ranges: Array<[number, number]> = [];
  private floor: number;

  constructor(
    readonly bootId: string,
    lastKnownSeq: number | null = null,
    private readonly maxRanges = 512,
  ) {
    this.floor = lastKnownSeq ?? -1;
  }

  get highest(): number {
    return this.ranges.length ? this.ranges[this.ranges.length - 1][1] : this.floor;
  }

  /** Records `seq`; says whether it was new, and how many numbers it skipped above the highest. */
  accept(seq: number): { verdict: SeqVerdict; skipped: number } {
    if (seq <= this.floor) return { verdict: 'unknown', skipped: 0 };
    if (this.contains(seq)) return { verdict: 'duplicate', skipped: 0 };
    const highest = this.highest;
    const skipped = seq > highest + 1 && highest >= 0 ? seq - highest - 1 : 0;
    this.insert(seq);
    return { verdict: 'new', skipped };
  }

  /** Numbers between the floor and the highest seq never received (holes in the ranges). */
  missing(): number {
    let holes = 0;
    for (let i = 1; i < this.ranges.length; i++) holes += this.ranges[i][0] - this.ranges[i - 1][1] - 1;
    return holes;
  }

  private contains(seq: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = this.ranges[mid];
      if (seq < start) hi = mid - 1;
      else if (seq > end) lo = mid + 1;
      else return true;
    }
    return false;
  }

  private insert(seq: number): void {
    let i = this.ranges.findIndex(([start]) => start > seq);
    if (i === -1) i = this.ranges.length;
    const before = this.ranges[i - 1];
    const after = this.ranges[i];
    if (before && before[1] === seq - 1 && after && after[0] === seq + 1) {
      before[1] = after[1];
      this.ranges.splice(i, 1);
    } else if (before && before[1] === seq - 1) {
      before[1] = seq;
    } else if (after && after[0] === seq + 1) {
      after[0] = seq;
    } else {
      this.ranges.splice(i, 0, [seq, seq]);
    }
    if (this.ranges.length > this.maxRanges) this.floor = this.ranges.shift()![1];
  }
}
