import { Subject } from 'rxjs';
import { flushIo, ManualClock } from '@lobby/runtime';
import { ByteReader, ScanStep } from './byte-reader';

/** A reply is one 0x41 byte; anything else is noise to skip. */
const scanA = (bytes: Buffer): ScanStep<number> => {
  const at = bytes.indexOf(0x41);
  return at < 0 ? { done: false, consumed: bytes.length } : { done: true, value: at, consumed: at + 1 };
};

describe(ByteReader.name, () => {
  let clock: ManualClock;
  let line: Subject<Buffer>;
  let reader: ByteReader;

  beforeEach(() => {
    clock = new ManualClock();
    line = new Subject<Buffer>();
    reader = new ByteReader(line, clock, 16);
  });
  afterEach(() => reader.close());

  it('returns a reply that arrived before the read started', async () => {
    line.next(Buffer.from([0x00, 0x41, 0x42]));
    await expect(reader.read(scanA, 100)).resolves.toEqual({ ok: true, value: 1 });
    expect(reader.buffered).toBe(1);
  });

  it('waits for a reply split across chunks after noise', async () => {
    const pending = reader.read(scanA, 100);
    line.next(Buffer.from([0x11, 0x13]));
    clock.advance(50);
    line.next(Buffer.from([0x41]));
    await expect(pending).resolves.toEqual({ ok: true, value: 0 });
  });

  it('times out on the clock and hands back what is left', async () => {
    const scanPair = (bytes: Buffer): ScanStep<string> =>
      bytes.length >= 2 ? { done: true, value: bytes.subarray(0, 2).toString('hex'), consumed: 2 } : { done: false, consumed: 0 };
    const pending = reader.read(scanPair, 100);
    line.next(Buffer.from([0x02]));
    clock.advance(99);
    await flushIo();
    clock.advance(1);
    await expect(pending).resolves.toEqual({ ok: false, leftover: Buffer.from([0x02]) });
  });

  it('refuses a second concurrent read', async () => {
    const first = reader.read(scanA, 100);
    await expect(reader.read(scanA, 100)).rejects.toThrow(/one read at a time/);
    clock.advance(100);
    await first;
  });

  it('drains until the line is quiet, discarding late bytes', async () => {
    line.next(Buffer.from([1, 2]));
    const drained = reader.drain(20, 100);
    clock.advance(10);
    line.next(Buffer.from([3]));
    clock.advance(15);
    line.next(Buffer.from([4]));
    clock.advance(20);
    await expect(drained).resolves.toBe(4);
    expect(reader.buffered).toBe(0);
  });

  it('keeps only the newest bytes when the buffer overflows', () => {
    line.next(Buffer.alloc(20, 7));
    expect(reader.buffered).toBe(16);
    expect(reader.overflowedBytes).toBe(4);
  });
});
