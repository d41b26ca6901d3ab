import { SchedulerRegistry } from '@nestjs/schedule';
import { WakeUpTimers } from './wake-up-timers';

describe('WakeUpTimers', () => {
  let registry: SchedulerRegistry;
  let timers: WakeUpTimers;
  const running = () => [...registry.getCronJobs().keys()].sort();

  beforeEach(() => {
    registry = new SchedulerRegistry();
    timers = new WakeUpTimers(registry, 'checklists', () => undefined);
  });
  afterEach(() => timers.clear());

  it('shares one cron job between branches waking at the same local time in the same zone', () => {
    timers.set('A', 'k1', 'Asia/Shanghai', ['08:30', '17:00']);
    timers.set('B', 'k1', 'Asia/Shanghai', ['08:30', '17:00']);
    timers.set('C', 'k2', 'Europe/Berlin', ['08:30']);
    expect(running()).toEqual(['checklists@Asia/Shanghai:08:30', 'checklists@Asia/Shanghai:17:00', 'checklists@Europe/Berlin:08:30']);
    expect(timers.namesOf('B')).toEqual(['checklists:B:08:30', 'checklists:B:17:00']);
  });

  it('keeps a shared job while one branch still needs it, and stops it with the last', () => {
    timers.set('A', 'k1', 'Asia/Shanghai', ['08:30', '17:00']);
    timers.set('B', 'k1', 'Asia/Shanghai', ['08:30']);
    timers.set('A', 'k2', 'Asia/Shanghai', ['09:30']);
    expect(running()).toEqual(['checklists@Asia/Shanghai:08:30', 'checklists@Asia/Shanghai:09:30']);
    timers.remove('B');
    expect(running()).toEqual(['checklists@Asia/Shanghai:09:30']);
    expect(timers.namesOf('B')).toEqual([]);
  });

  it('tells whether a branch was set from a key, a new key with the same times restarting nothing', () => {
    timers.set('A', 'k1', 'Asia/Shanghai', ['08:30']);
    const job = registry.getCronJob('checklists@Asia/Shanghai:08:30');
    timers.set('A', 'k2', 'Asia/Shanghai', ['08:30']);
    expect(timers.isCurrent('A', 'k1')).toBe(false);
    expect(timers.isCurrent('A', 'k2')).toBe(true);
    expect(registry.getCronJob('checklists@Asia/Shanghai:08:30')).toBe(job);
  });
});
