import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '@lobby/runtime';
import { DiskBuffer } from './disk-buffer';
import { OutboxMessage } from './outbox-message';

const message = (n: number, pad = 0): OutboxMessage => ({
  topic: `t/${n}`,
  payload: JSON.stringify({ seq: n, pad: 'x'.repeat(pad) }),
  qos: 1,
});
const seqs = (buffer: DiskBuffer, max = 1000) =>
  buffer.entriesAfter(undefined, max).map((e) => (JSON.parse(e.message.payload) as { seq: number }).seq);

describe(DiskBuffer.name, () => {
  let dir: string;
  const clock = new ManualClock();
  const open = (options: Partial<Parameters<typeof DiskBuffer.open>[1]> = {}) => DiskBuffer.open(dir, { clock, ...options });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps entries in order and forgets them once acked', () => {
    const buffer = open();
    for (let n = 1; n <= 5; n++) buffer.append(message(n));
    expect(seqs(buffer)).toEqual([1, 2, 3, 4, 5]);
    const [first, second] = buffer.entriesAfter(undefined, 2);
    expect(buffer.entriesAfter(second.ord, 10).map((e) => e.ord)).toEqual([second.ord + 1, second.ord + 2, second.ord + 3]);
    buffer.ackThrough(first.ord);
    expect(buffer.queued).toBe(4);
    buffer.ackThrough(first.ord); // a repeated ack changes nothing
    expect(seqs(buffer)).toEqual([2, 3, 4, 5]);
    buffer.close();
  });

  it('survives a crash: appended entries and the acked position come back', () => {
    const first = open();
    for (let n = 1; n <= 4; n++) first.append(message(n));
    first.ackThrough(first.entriesAfter(undefined, 1)[0].ord);
    first.flush(); // the cursor is persisted on the flush timer
    first.append(message(5));
    first.abandon(); // no close, no fsync: a process crash
    const second = open();
    expect(seqs(second)).toEqual([2, 3, 4, 5]);
    second.append(message(6));
    second.close();
    expect(seqs(open())).toEqual([2, 3, 4, 5, 6]);
  });

  it('re-sends (never loses) entries acked after the last cursor write', () => {
    const first = open();
    for (let n = 1; n <= 3; n++) first.append(message(n));
    first.ackThrough(first.entriesAfter(undefined, 3)[2].ord);
    first.abandon();
    expect(seqs(open())).toEqual([1, 2, 3]);
  });

  it('keeps an append made after its segment file vanished (cursor.json stayed) across the next crash', () => {
    const first = open();
    for (let n = 1; n <= 3; n++) first.append(message(n, 200));
    first.ackThrough(first.entriesAfter(undefined, 3)[2].ord);
    first.close(); // cursor.json now points past three long lines
    const outbox = path.join(dir, 'outbox');
    for (const name of fs.readdirSync(outbox).filter((n) => n.startsWith('segment-'))) fs.rmSync(path.join(outbox, name));
    const second = open();
    expect(second.queued).toBe(0);
    second.append(message(4));
    second.abandon(); // a crash before any timed flush
    expect(seqs(open())).toEqual([4]);
  });

  it('cuts a torn last line left by a crash mid-write', () => {
    const first = open();
    first.append(message(1));
    first.append(message(2));
    first.close();
    const segment = fs.readdirSync(path.join(dir, 'outbox')).find((name) => name.startsWith('segment-'))!;
    fs.appendFileSync(path.join(dir, 'outbox', segment), '{"topic":"t/3","payl');
    const second = open();
    expect(seqs(second)).toEqual([1, 2]);
    second.append(message(3));
    second.close();
    expect(seqs(open())).toEqual([1, 2, 3]);
  });

  it('skips a corrupt line instead of failing', () => {
    const first = open();
    first.append(message(1));
    first.close();
    const segment = fs.readdirSync(path.join(dir, 'outbox')).find((name) => name.startsWith('segment-'))!;
    fs.appendFileSync(path.join(dir, 'outbox', segment), 'not json\n{"topic":1}\n');
    const second = open();
    second.append(message(2));
    expect(seqs(second)).toEqual([1, 2]);
    second.close();
  });

  it('when full drops the oldest entries, counts them and says so', () => {
    const drops: number[] = [];
    const buffer = open({ maxBytes: 4096, segmentBytes: 1024, onDrop: (n) => drops.push(n) });
    for (let n = 1; n <= 100; n++) buffer.append(message(n, 60));
    expect(buffer.bytes).toBeLessThanOrEqual(4096);
    const kept = seqs(buffer);
    expect(kept.at(-1)).toBe(100);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 101 - kept.length + i));
    expect(buffer.dropped).toBe(100 - kept.length);
    expect(drops.reduce((a, b) => a + b, 0)).toBe(buffer.dropped);
    expect(buffer.takeUnreportedDrops()).toBe(buffer.dropped);
    expect(buffer.takeUnreportedDrops()).toBe(0);
    buffer.close();
    const reopened = open({ maxBytes: 4096, segmentBytes: 1024 });
    expect(reopened.dropped).toBe(100 - kept.length);
    expect(seqs(reopened)).toEqual(kept);
    reopened.close();
  });

  it('deletes consumed segments and keeps disk use near the bound', () => {
    const buffer = open({ maxBytes: 8192, segmentBytes: 1024 });
    for (let n = 1; n <= 300; n++) {
      buffer.append(message(n, 40));
      const [entry] = buffer.entriesAfter(undefined, 1);
      if (n % 2 === 0) buffer.ackThrough(entry.ord);
    }
    buffer.flush();
    const outbox = path.join(dir, 'outbox');
    const onDisk = fs.readdirSync(outbox).reduce((sum, name) => sum + fs.statSync(path.join(outbox, name)).size, 0);
    expect(onDisk).toBeLessThanOrEqual(8192 + 2 * 1024);
    buffer.close();
    const reopened = open({ maxBytes: 8192, segmentBytes: 1024 });
    expect(seqs(reopened).at(-1)).toBe(300);
    reopened.close();
  });

  it('shrinks an oversized backlog to a lower bound on reopen', () => {
    const first = open({ maxBytes: 64 * 1024 });
    for (let n = 1; n <= 50; n++) first.append(message(n, 100));
    first.close();
    const second = open({ maxBytes: 4096 });
    expect(second.bytes).toBeLessThanOrEqual(4096);
    expect(seqs(second).at(-1)).toBe(50);
    expect(second.dropped).toBeGreaterThan(0);
    second.close();
  });
});
