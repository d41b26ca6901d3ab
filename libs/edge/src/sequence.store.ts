import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { ensureDir, readJsonFile, writeFileAtomic } from './fs/atomic-file';

const SEQ_FILE = 'seq.json';
const BOOT_ID_FILE = 'boot-id.json';

/**
 * The agent's `seq` counter and `bootId` (docs/mqtt.md), kept under `bufferPath`.
 *
 * `seq` only grows: every number is written to disk before it is handed out, so a crash or a
 * restart can never issue it twice (the server would drop the second message as a duplicate).
 * `bootId` is created once per disk: a replaced disk starts the server's seq tracking afresh.
 */
export class SequenceStore {
  private constructor(
    private readonly file: string,
    private last: number,
    readonly bootId: string,
  ) {}

  static open(dir: string): SequenceStore {
    ensureDir(dir);
    const bootId = loadOrCreateBootId(path.join(dir, BOOT_ID_FILE));
    const file = path.join(dir, SEQ_FILE);
    return new SequenceStore(file, readSeq(file), bootId);
  }

  /** The last number handed out (0 before the first). */
  get current(): number {
    return this.last;
  }

  /** Hands out the next number, persisted first. */
  next(): number {
    const seq = this.last + 1;
    writeFileAtomic(this.file, JSON.stringify({ seq }));
    this.last = seq;
    return seq;
  }
}

function readSeq(file: string): number {
  const stored = readJsonFile(file);
  if (stored === undefined) return 0;
  const seq = (stored as { seq?: unknown }).seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new Error(`${file} holds no valid seq: refusing to restart the counter (it must only grow)`);
  }
  return seq;
}

function loadOrCreateBootId(file: string): string {
  const stored = readJsonFile(file) as { bootId?: unknown } | undefined;
  if (stored && typeof stored.bootId === 'string' && stored.bootId.length > 0) return stored.bootId;
  const bootId = randomUUID();
  writeFileAtomic(file, JSON.stringify({ bootId, createdAt: new Date().toISOString() }));
  return bootId;
}
