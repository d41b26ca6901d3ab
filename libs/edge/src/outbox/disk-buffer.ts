import * as fs from 'node:fs';
import * as path from 'node:path';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { ensureDir, readJsonFile, writeFileAtomic } from '../fs/atomic-file';
import { EntryIndex } from './entry-index';
import { BufferedEntry, isOutboxMessage, OutboxMessage } from './outbox-message';
import { listSegments, scanSegment, segmentPath } from './segment-file';

export const DEFAULT_BUFFER_MAX_BYTES = 50 * 1024 * 1024;
const CURSOR_FILE = 'cursor.json';

export interface DiskBufferOptions {
  clock: Clock;
  logger?: JsonLogger;
  maxBytes?: number;
  /** How often appended data is fsynced and the read cursor persisted (ms). */
  flushIntervalMs?: number;
  /** Size at which a new segment file is started; consumed segments are deleted whole. */
  segmentBytes?: number;
  /** Told how many of the oldest entries were dropped to make room. */
  onDrop?: (count: number) => void;
}

/** Persisted read position: everything before (segment, offset) has been sent or dropped. */
interface Cursor {
  segment: number;
  offset: number;
  dropped: number;
  reported: number;
}

/**
 * Durable store-and-forward queue: append-only JSON-lines segment files plus a persisted read
 * cursor, under `{bufferPath}/outbox`. Appends are written to the file at once (a process crash
 * loses nothing already appended) and fsynced on a timer (power loss may lose the last moment).
 * Bounded by bytes: when full, the oldest entries are dropped and counted.
 */
export class DiskBuffer {
  private readonly items = new EntryIndex();
  private head = 0;
  private firstOrd = 0;
  private queuedBytes = 0;
  private writeSegment: number;
  private writeFd: number;
  private writeSize: number;
  private readonly readFds = new Map<number, number>();
  private readonly segments: Set<number>;
  private cursorDirty = false;
  private syncDirty = false;
  private readonly timer: TimerHandle;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private cursor: Cursor,
    segments: number[],
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly options: DiskBufferOptions,
  ) {
    this.segments = new Set(segments);
    this.writeSegment = segments.at(-1) ?? cursor.segment;
    this.segments.add(this.writeSegment);
    this.writeFd = fs.openSync(segmentPath(dir, this.writeSegment), 'a+');
    this.writeSize = fs.fstatSync(this.writeFd).size;
    this.timer = options.clock.setInterval(() => this.flushQuietly(), options.flushIntervalMs ?? 500);
  }

  static open(bufferPath: string, options: DiskBufferOptions): DiskBuffer {
    const dir = path.join(bufferPath, 'outbox');
    ensureDir(dir);
    const cursor = readCursor(path.join(dir, CURSOR_FILE));
    for (const old of listSegments(dir).filter((s) => s < cursor.segment)) fs.rmSync(segmentPath(dir, old), { force: true });
    const segments = listSegments(dir);
    const maxBytes = options.maxBytes ?? DEFAULT_BUFFER_MAX_BYTES;
    const segmentBytes = options.segmentBytes ?? Math.max(1024, Math.min(8 * 1024 * 1024, Math.floor(maxBytes / 8)));
    const buffer = new DiskBuffer(dir, cursor, segments, maxBytes, segmentBytes, options);
    buffer.load(segments);
    return buffer;
  }

  /** Entries waiting to be sent. */
  get queued(): number {
    return this.items.size - this.head;
  }
  get bytes(): number {
    return this.queuedBytes;
  }
  /** Entries dropped to make room, over the life of this buffer directory. */
  get dropped(): number {
    return this.cursor.dropped;
  }

  /** Appends one message, dropping the oldest entries if it would not fit. */
  append(message: OutboxMessage): void {
    this.assertOpen();
    const line = `${JSON.stringify(message)}\n`;
    const length = Buffer.byteLength(line);
    if (length > this.maxBytes) {
      this.recordDrops(1);
      return;
    }
    const dropped = this.dropOldest(this.queuedBytes + length - this.maxBytes);
    if (this.writeSize > 0 && this.writeSize + length > this.segmentBytes) this.rollSegment();
    fs.writeSync(this.writeFd, line);
    this.items.push(this.writeSegment, this.writeSize, length);
    this.writeSize += length;
    this.queuedBytes += length;
    this.syncDirty = true;
    if (dropped > 0) this.recordDrops(dropped);
  }

  /** Up to `max` entries after `afterOrd` (from the oldest when undefined or already gone). */
  entriesAfter(afterOrd: number | undefined, max: number): BufferedEntry[] {
    const headOrd = this.firstOrd + this.head;
    const startOrd = afterOrd === undefined ? headOrd : Math.max(headOrd, afterOrd + 1);
    const out: BufferedEntry[] = [];
    for (let ord = startOrd; ord < this.firstOrd + this.items.size && out.length < max; ord++) {
      const message = this.readItem(ord - this.firstOrd);
      if (message) out.push({ ord, message });
    }
    return out;
  }

  /** Marks every entry up to and including `ord` as delivered. */
  ackThrough(ord: number): void {
    const target = Math.min(ord + 1 - this.firstOrd, this.items.size);
    if (target <= this.head) return;
    for (let i = this.head; i < target; i++) this.queuedBytes -= this.items.lengthAt(i);
    this.head = target;
    this.moveCursorToHead();
    this.cursorDirty = true;
  }

  /** Drops not yet announced in a `buffer.dropped` event; marks them announced. */
  takeUnreportedDrops(): number {
    const count = this.cursor.dropped - this.cursor.reported;
    if (count > 0) {
      this.cursor.reported = this.cursor.dropped;
      this.persistCursor();
    }
    return count;
  }

  /** fsyncs appended data and persists the read cursor. */
  flush(): void {
    if (this.closed) return;
    if (this.syncDirty) fs.fsyncSync(this.writeFd);
    this.syncDirty = false;
    if (this.cursorDirty) this.persistCursor();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.release();
  }

  /** Lets go of the files without flushing: what a crash leaves behind (tests). */
  abandon(): void {
    if (!this.closed) this.release();
  }

  private load(segments: number[]): void {
    // A cursor past the end of its file (file lost or just recreated) must not skip new lines,
    // and the clamp goes to disk at once: else the next append sits below the stale offset
    // and the following restart would skip it.
    if (this.cursor.segment === this.writeSegment && this.cursor.offset > this.writeSize) {
      this.options.logger?.warn('buffer cursor points past its segment: reset to the end of the file', { segment: this.writeSegment, offset: this.cursor.offset, size: this.writeSize });
      this.cursor.offset = this.writeSize;
      this.persistCursor();
    }
    for (const segment of segments) {
      const file = segmentPath(this.dir, segment);
      const scan = scanSegment(file, segment === this.cursor.segment ? this.cursor.offset : 0);
      if (scan.corrupt > 0) this.options.logger?.warn('skipped corrupt buffer lines', { file, count: scan.corrupt });
      for (const line of scan.lines) {
        this.items.push(segment, line.offset, line.length);
        this.queuedBytes += line.length;
      }
      if (segment === this.writeSegment && scan.validEnd < scan.size) {
        // A torn last line from a crash mid-write: cut it so the next append starts clean.
        fs.ftruncateSync(this.writeFd, scan.validEnd);
        this.writeSize = scan.validEnd;
      }
    }
    const dropped = this.dropOldest(this.queuedBytes - this.maxBytes);
    if (dropped > 0) this.recordDrops(dropped);
  }

  /** Drops whole entries from the head until at least `bytes` are freed. */
  private dropOldest(bytes: number): number {
    let freed = 0;
    let count = 0;
    while (freed < bytes && this.head < this.items.size) {
      freed += this.items.lengthAt(this.head);
      this.head++;
      count++;
    }
    this.queuedBytes -= freed;
    if (count > 0) this.moveCursorToHead();
    return count;
  }

  private recordDrops(count: number): void {
    this.cursor.dropped += count;
    this.persistCursor();
    this.options.logger?.warn('buffer full: dropped oldest entries', { count, totalDropped: this.cursor.dropped });
    this.options.onDrop?.(count);
  }

  private moveCursorToHead(): void {
    const atEnd = this.head >= this.items.size;
    this.cursor.segment = atEnd ? this.writeSegment : this.items.segmentAt(this.head);
    this.cursor.offset = atEnd ? this.writeSize : this.items.offsetAt(this.head);
    if (this.head > 1024 && this.head * 2 > this.items.size) {
      this.items.removeFirst(this.head);
      this.firstOrd += this.head;
      this.head = 0;
    }
  }

  private persistCursor(): void {
    writeFileAtomic(path.join(this.dir, CURSOR_FILE), JSON.stringify(this.cursor), { fsync: false });
    this.cursorDirty = false;
    this.deleteConsumedSegments();
  }

  /** Only after the cursor on disk has moved past them, so a crash never points into a gap. */
  private deleteConsumedSegments(): void {
    for (const segment of [...this.segments]) {
      if (segment >= this.cursor.segment || segment === this.writeSegment) continue;
      const fd = this.readFds.get(segment);
      if (fd !== undefined) fs.closeSync(fd);
      this.readFds.delete(segment);
      fs.rmSync(segmentPath(this.dir, segment), { force: true });
      this.segments.delete(segment);
    }
  }

  private rollSegment(): void {
    fs.fsyncSync(this.writeFd);
    this.readFds.set(this.writeSegment, this.writeFd);
    this.writeSegment++;
    this.segments.add(this.writeSegment);
    this.writeFd = fs.openSync(segmentPath(this.dir, this.writeSegment), 'a+');
    this.writeSize = 0;
    this.syncDirty = false;
  }

  private readItem(i: number): OutboxMessage | undefined {
    const segment = this.items.segmentAt(i);
    const length = this.items.lengthAt(i);
    const fd = segment === this.writeSegment ? this.writeFd : this.readFd(segment);
    const bytes = Buffer.alloc(length);
    fs.readSync(fd, bytes, 0, length, this.items.offsetAt(i));
    try {
      const value: unknown = JSON.parse(bytes.toString('utf8'));
      return isOutboxMessage(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  private readFd(segment: number): number {
    let fd = this.readFds.get(segment);
    if (fd === undefined) {
      fd = fs.openSync(segmentPath(this.dir, segment), 'r');
      this.readFds.set(segment, fd);
    }
    return fd;
  }

  private flushQuietly(): void {
    try {
      this.flush();
    } catch (error) {
      this.options.logger?.error('buffer flush failed', { error });
    }
  }

  private release(): void {
    this.closed = true;
    this.timer.cancel();
    for (const fd of this.readFds.values()) fs.closeSync(fd);
    this.readFds.clear();
    fs.closeSync(this.writeFd);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('disk buffer is closed');
  }
}

function readCursor(file: string): Cursor {
  const stored = readJsonFile(file) as Partial<Cursor> | undefined;
  const num = (v: unknown): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);
  return {
    segment: Math.max(1, num(stored?.segment)),
    offset: num(stored?.offset),
    dropped: num(stored?.dropped),
    reported: num(stored?.reported),
  };
}
