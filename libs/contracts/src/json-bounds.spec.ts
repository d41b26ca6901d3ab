import { exceedsJsonBounds } from './json-bounds';

describe('exceedsJsonBounds', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it('measures depth without recursion, even 100,000 deep', () => {
    expect(exceedsJsonBounds(nested(3), 3)).toBe(false);
    expect(exceedsJsonBounds(nested(4), 3)).toBe(true);
    expect(exceedsJsonBounds(nested(100_000), 32)).toBe(true);
    expect(exceedsJsonBounds({ a: { b: 'x' } }, 2)).toBe(false);
    expect(exceedsJsonBounds({ a: { b: {} } }, 2)).toBe(true);
  });

  it('counts values', () => {
    expect(exceedsJsonBounds({ a: [1, 2, 3] }, 8, 5)).toBe(false);
    expect(exceedsJsonBounds({ a: [1, 2, 3, 4] }, 8, 5)).toBe(true);
  });
});
