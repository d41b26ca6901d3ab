import { JsonLogger } from '@lobby/runtime';
import { CentralEventsBus, CrossInstanceRelay, SharedEventNames } from './cross-instance-relay';
import { DomainEventBus, DomainEventName } from './domain-event-bus';

/** A broker topic in memory: every subscriber gets every message, its sender included. */
class MemoryBus extends CentralEventsBus {
  readonly messages: string[] = [];
  private readonly handlers: ((payload: Buffer) => void)[] = [];
  publish(payload: string): Promise<void> {
    this.messages.push(payload);
    for (const handler of this.handlers) handler(Buffer.from(payload));
    return Promise.resolve();
  }
  subscribe(handler: (payload: Buffer) => void): void {
    this.handlers.push(handler);
  }
}

interface TestEvents {
  'device.changed': { id: string; name: string };
  'device.local': { id: string };
}
const shared = { names: ['device.changed'] as unknown as DomainEventName[] } satisfies SharedEventNames;

/** An instance: its domain event bus and its relay on the shared topic; what its remote-aware handler saw. */
function instance(topic: MemoryBus) {
  const logger = new JsonLogger('test', 'error');
  const bus = new DomainEventBus<TestEvents>(logger);
  const relay = new CrossInstanceRelay(bus as unknown as DomainEventBus, logger, shared, topic);
  const seen: { id: string; remote: boolean }[] = [];
  bus.on('device.changed', ({ id }, origin) => seen.push({ id, remote: origin.remote }), { remote: true });
  bus.on('device.local', ({ id }, origin) => seen.push({ id, remote: origin.remote }), { remote: true });
  return { bus, relay, seen };
}

describe(CrossInstanceRelay.name, () => {
  it('sends a flood of events to other instances in a few batched messages, in order, without echo', async () => {
    const topic = new MemoryBus();
    const a = instance(topic);
    const b = instance(topic);
    for (let i = 0; i < 2000; i++) a.bus.emit('device.changed', { id: `D${i}`, name: `取号机 ${i}` });
    await a.relay.flushNow();
    expect(b.seen.map((e) => e.id)).toEqual(Array.from({ length: 2000 }, (_, i) => `D${i}`));
    expect(b.seen.every((e) => e.remote)).toBe(true);
    expect(a.seen).toHaveLength(2000); // its own, delivered locally once; the echo is dropped
    expect(topic.messages.length).toBeLessThanOrEqual(20);
    expect(Math.max(...topic.messages.map((m) => Buffer.byteLength(m)))).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends a lone event within the flush interval', async () => {
    const topic = new MemoryBus();
    const a = instance(topic);
    const b = instance(topic);
    const arrived = new Promise<string>((resolve) => b.bus.on('device.changed', ({ id }) => resolve(id), { remote: true }));
    a.bus.emit('device.changed', { id: 'D1', name: '取号机 1' });
    await expect(Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error('not sent within 1 s')), 1000))])).resolves.toBe('D1');
    await a.relay.flushNow();
  });

  it('keeps events that are not shared on the instance that had them', async () => {
    const topic = new MemoryBus();
    const a = instance(topic);
    const b = instance(topic);
    a.bus.emit('device.local', { id: 'D1' });
    await a.relay.flushNow();
    expect(topic.messages).toEqual([]);
    expect(b.seen).toEqual([]);
    expect(a.seen).toEqual([{ id: 'D1', remote: false }]);
  });
});
