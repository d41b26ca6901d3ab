import { FailureLimiter } from './failure-limiter';

describe('FailureLimiter', () => {
  let now = 0;
  const limiter = () => new FailureLimiter(3, 60_000, () => now, 2);
  beforeEach(() => (now = 1_000_000));

  it('locks a key out after maxFailures and for the lockout only', () => {
    const l = limiter();
    expect(l.fail('a')).toBe(0);
    expect(l.fail('a')).toBe(0);
    expect(l.retryAfterS('a')).toBe(0);
    expect(l.fail('a')).toBe(60);
    expect(l.retryAfterS('a')).toBe(60);
    now += 59_001;
    expect(l.retryAfterS('a')).toBe(1);
    now += 1_000;
    expect(l.retryAfterS('a')).toBe(0);
    expect(l.fail('a')).toBe(0); // counting starts again
  });

  it('keeps the lockout through a success, and a success before it resets the count', () => {
    const l = limiter();
    l.fail('a');
    l.fail('a');
    l.succeed('a');
    expect(l.fail('a')).toBe(0);
    l.fail('a');
    l.fail('a');
    l.succeed('a');
    expect(l.retryAfterS('a')).toBeGreaterThan(0);
  });

  it('forgets failures older than the window', () => {
    const l = limiter();
    l.fail('a');
    l.fail('a');
    now += 60_001;
    expect(l.fail('a')).toBe(0);
  });

  it('stays bounded, dropping the oldest keys', () => {
    const l = limiter();
    for (const key of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) l.fail(key);
    expect(l.retryAfterS('a')).toBe(0);
    expect(l.retryAfterS('c')).toBe(60);
  });
});
