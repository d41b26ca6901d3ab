import { reconcileEveryMs } from './fleet-facts.service';

describe(reconcileEveryMs.name, () => {
  it('reads the fleet again every minute up to 10,000 devices, a minute more per 10,000, at most every 10 minutes', () => {
    expect([0, 10_000, 10_001, 50_000, 100_000, 1_000_000].map((n) => reconcileEveryMs(n) / 60_000)).toEqual([1, 1, 2, 5, 10, 10]);
  });
});
