import { KeyedSerialQueue } from './keyed-serial-queue';

describe(KeyedSerialQueue.name, () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };

  it('runs one key\'s tasks in order, one at a time, and other keys beside them', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const first = gate();
    const a1 = queue.run('a', async () => {
      log.push('a1 start');
      await first.opened;
      log.push('a1 end');
    });
    const a2 = queue.run('a', async () => void log.push('a2'));
    await queue.run('b', async () => void log.push('b1'));
    expect(log).toEqual(['a1 start', 'b1']);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('goes on after a failed task, whose caller sees the failure, and is idle when all ran', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('a', async () => Promise.reject(new Error('broken')));
    const next = queue.run('a', async () => 'ran');
    await expect(failed).rejects.toThrow('broken');
    await expect(next).resolves.toBe('ran');
    await queue.idle();
  });
});
