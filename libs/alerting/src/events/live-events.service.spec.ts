import { JsonLogger } from '@lobby/platform';
import type { LiveEvent } from '../alerting.types';
import { CentralEventsBus, LiveEventsService } from './live-events.service';

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

const deviceEvent = (i: number): LiveEvent => ({ type: 'device', branchId: 'B1', data: { id: `D${i}`, name: `取号机 ${i}` } });

describe(LiveEventsService.name, () => {
  const logger = new JsonLogger('test', 'error');

  it('sends a flood of events to other instances in a few batched messages, in order, without echo', async () => {
    const bus = new MemoryBus();
    const a = new LiveEventsService(logger, bus);
    const b = new LiveEventsService(logger, bus);
    const seenByA: LiveEvent[] = [];
    const seenByB: LiveEvent[] = [];
    a.events$.subscribe((event) => seenByA.push(event));
    b.events$.subscribe((event) => seenByB.push(event));
    for (let i = 0; i < 2000; i++) void a.publish(deviceEvent(i));
    await a.onModuleDestroy();
    expect(seenByB.map((event) => (event.data as { id: string }).id)).toEqual(Array.from({ length: 2000 }, (_, i) => `D${i}`));
    expect(seenByA).toHaveLength(2000); // its own, delivered locally once; the echo is dropped
    expect(bus.messages.length).toBeLessThanOrEqual(20);
    expect(Math.max(...bus.messages.map((m) => Buffer.byteLength(m)))).toBeLessThanOrEqual(64 * 1024);
  });

  it('sends a lone event within the flush interval', async () => {
    const bus = new MemoryBus();
    const a = new LiveEventsService(logger, bus);
    const b = new LiveEventsService(logger, bus);
    const arrived = new Promise<LiveEvent>((resolve) => b.events$.subscribe(resolve));
    await a.publish(deviceEvent(1));
    await expect(Promise.race([arrived, new Promise((_, reject) => setTimeout(() => reject(new Error('not sent within 1 s')), 1000))])).resolves.toMatchObject({ type: 'device' });
    await a.onModuleDestroy();
  });
});
