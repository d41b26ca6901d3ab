import { QueueStatusSchema } from '@lobby/contracts';
import { QueueSystemSimulator } from './queue-system.simulator';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T02:00:00Z'); // 10:00 in Shanghai

describe(QueueSystemSimulator.name, () => {
  it('reports customers waiting and the longest and mean waits, as the contract’s payload', () => {
    const queue = new QueueSystemSimulator().arrive(T0, 2).arrive(T0 + 10 * MIN);
    const status = queue.status(T0 + 16 * MIN);
    expect(status).toEqual({ ts: '2026-11-30T10:16:00.000+08:00', waiting: 3, longestWaitS: 960, meanWaitS: 760 });
    expect(QueueStatusSchema.safeParse(status).success).toBe(true);
    expect(Date.parse(status.ts)).toBe(T0 + 16 * MIN);
    expect(queue.call(2).status(T0 + 16 * MIN)).toMatchObject({ waiting: 1, longestWaitS: 360 });
    expect(queue.call().status(T0 + 20 * MIN)).toEqual({ ts: '2026-11-30T10:20:00.000+08:00', waiting: 0, longestWaitS: 0 });
  });
});
