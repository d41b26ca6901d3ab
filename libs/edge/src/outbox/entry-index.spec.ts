import { EntryIndex } from './entry-index';

describe(EntryIndex.name, () => {
  const entries = (index: EntryIndex) => Array.from({ length: index.size }, (_, i) => [index.segmentAt(i), index.offsetAt(i), index.lengthAt(i)]);

  it('keeps entries in order past its first capacity', () => {
    const index = new EntryIndex(4);
    for (let n = 0; n < 10; n++) index.push(1 + Math.floor(n / 3), n * 100, 50 + n);
    expect(index.size).toBe(10);
    expect(entries(index)[0]).toEqual([1, 0, 50]);
    expect(entries(index)[9]).toEqual([4, 900, 59]);
  });

  it('forgets the oldest entries and renumbers the rest from 0, shrinking as it empties', () => {
    const index = new EntryIndex(4);
    for (let n = 0; n < 100; n++) index.push(1, n, n + 1);
    index.removeFirst(90);
    expect(entries(index)).toEqual(Array.from({ length: 10 }, (_, i) => [1, 90 + i, 91 + i]));
    index.removeFirst(10);
    expect(index.size).toBe(0);
    index.push(2, 7, 8);
    expect(entries(index)).toEqual([[2, 7, 8]]);
  });

  it('holds offsets beyond 32 bits', () => {
    const index = new EntryIndex();
    index.push(1, 2 ** 33 + 5, 10);
    expect(index.offsetAt(0)).toBe(2 ** 33 + 5);
  });
});
