/**
 * Where each buffered entry is on disk (segment, offset, length), oldest first, in typed arrays:
 * 16 bytes an entry. The buffer keeps one per entry in memory while the centre is away, so this is
 * what a long outage costs (an object per entry took about five times as much: measured by the
 * bench's drain scenario, 1,000,000 buffered statuses).
 */
export class EntryIndex {
  private segments: Uint32Array;
  private offsets: Float64Array;
  private lengths: Uint32Array;
  private count = 0;

  constructor(private readonly minCapacity = 1024) {
    this.segments = new Uint32Array(minCapacity);
    this.offsets = new Float64Array(minCapacity);
    this.lengths = new Uint32Array(minCapacity);
  }

  get size(): number {
    return this.count;
  }

  push(segment: number, offset: number, length: number): void {
    if (this.count === this.segments.length) this.resize(this.count * 2);
    this.segments[this.count] = segment;
    this.offsets[this.count] = offset;
    this.lengths[this.count] = length;
    this.count++;
  }

  segmentAt(i: number): number {
    return this.segments[i];
  }
  offsetAt(i: number): number {
    return this.offsets[i];
  }
  lengthAt(i: number): number {
    return this.lengths[i];
  }

  /** Forgets the first `n` entries; the others move to the front (index i becomes i - n). */
  removeFirst(n: number): void {
    this.segments.copyWithin(0, n, this.count);
    this.offsets.copyWithin(0, n, this.count);
    this.lengths.copyWithin(0, n, this.count);
    this.count -= n;
    // A drained backlog gives its memory back.
    if (this.count * 4 < this.segments.length && this.segments.length > this.minCapacity) this.resize(Math.max(this.minCapacity, this.count * 2));
  }

  private resize(capacity: number): void {
    this.segments = copyInto(new Uint32Array(capacity), this.segments, this.count);
    this.offsets = copyInto(new Float64Array(capacity), this.offsets, this.count);
    this.lengths = copyInto(new Uint32Array(capacity), this.lengths, this.count);
  }
}

function copyInto<T extends Uint32Array | Float64Array>(target: T, source: T, count: number): T {
  target.set(source.subarray(0, count));
  return target;
}
