import { LruMap } from './lru-map';

describe(LruMap.name, () => {
  it('keeps at most max entries, dropping the least recently used (a get counts as a use)', () => {
    const map = new LruMap<string, number>(3);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect(map.get('a')).toBe(1); // a is now the most recent; b the least
    map.set('d', 4);
    expect([map.size, map.get('b'), map.get('a'), map.get('c'), map.get('d')]).toEqual([3, undefined, 1, 3, 4]);
  });

  it('a peek does not count as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.peek('a')).toBe(1); // a stays the least recent
    map.set('c', 3);
    expect([map.peek('a'), map.peek('b'), map.peek('c')]).toEqual([undefined, 2, 3]);
  });

  it('replacing a value keeps one entry and makes it the most recent', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10).set('c', 3);
    expect([map.size, map.get('a'), map.get('b'), map.get('c')]).toEqual([2, 10, undefined, 3]);
  });

  it('refuses a size that could not hold anything', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
  });
});
