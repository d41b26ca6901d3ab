import { CoalescedRunner } from './coalesced-runner';

describe(CoalescedRunner.name, () => {
  it('never runs twice at once and folds the calls made meanwhile into one more run', async () => {
    let running = 0;
    let runs = 0;
    let release!: () => void;
    const runner = new CoalescedRunner(async () => {
      running++;
      expect(running).toBe(1);
      runs++;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    const first = runner.run();
    const later = [runner.run(), runner.run(), runner.run()];
    release();
    await Promise.all([first, ...later]);
    expect(runs).toBe(2);
    await runner.idle();
  });
});
