import { configPathFromArgs } from './cli-args';

describe(configPathFromArgs.name, () => {
  it('reads --config FILE, --config=FILE and -c FILE', () => {
    expect(configPathFromArgs(['--config', 'a.yaml'])).toBe('a.yaml');
    expect(configPathFromArgs(['--config=b.json'])).toBe('b.json');
    expect(configPathFromArgs(['-c', 'c.yaml'])).toBe('c.yaml');
  });
  it('is undefined without one', () => {
    expect(configPathFromArgs([])).toBeUndefined();
    expect(configPathFromArgs(['--config'])).toBeUndefined();
  });
});
