import { JsonLogger } from '@lobby/runtime';
import { DomainEventBus } from './domain-event-bus';

interface TestEvents {
  'branch.changed': { branchId: string };
  'device.changed': { deviceId: string; n: number };
}

describe(DomainEventBus.name, () => {
  const logger = new JsonLogger('test', 'error');

  it('delivers to the handlers of the name, in order, and a throwing handler does not stop the others', () => {
    const bus = new DomainEventBus<TestEvents>(logger);
    const seen: string[] = [];
    bus.on('branch.changed', () => {
      throw new Error('broken handler');
    });
    bus.on('branch.changed', ({ branchId }) => seen.push(`a:${branchId}`));
    bus.on('device.changed', ({ deviceId }) => seen.push(`d:${deviceId}`));
    const off = bus.on('branch.changed', ({ branchId }) => seen.push(`b:${branchId}`));
    bus.emit('branch.changed', { branchId: 'B1' });
    off();
    bus.emit('branch.changed', { branchId: 'B2' });
    expect(seen).toEqual(['a:B1', 'b:B1', 'a:B2']);
  });

  it("gives another instance's events only to handlers that ask for them, and never relays them again", () => {
    const bus = new DomainEventBus<TestEvents>(logger);
    const local: string[] = [];
    const all: string[] = [];
    const relayed: string[] = [];
    bus.on('branch.changed', ({ branchId }) => local.push(branchId));
    bus.on('branch.changed', ({ branchId }, origin) => all.push(`${branchId}${origin.remote ? '(remote)' : ''}`), { remote: true });
    bus.onAnyLocal((name) => relayed.push(name));
    bus.emit('branch.changed', { branchId: 'B1' });
    bus.emit('branch.changed', { branchId: 'B2' }, { remote: true });
    expect(local).toEqual(['B1']);
    expect(all).toEqual(['B1', 'B2(remote)']);
    expect(relayed).toEqual(['branch.changed']);
  });

  it('hands a hot producer’s events to a batch handler once per turn of the event loop, in order', async () => {
    const bus = new DomainEventBus<TestEvents>(logger);
    const batches: number[][] = [];
    bus.onBatch('device.changed', (changes) => batches.push(changes.map((c) => c.n)));
    for (let n = 0; n < 1000; n++) bus.emit('device.changed', { deviceId: 'D1', n });
    expect(batches).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([Array.from({ length: 1000 }, (_, n) => n)]);
    bus.emit('device.changed', { deviceId: 'D1', n: 1000 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
  });
});
