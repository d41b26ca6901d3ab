import { Subject } from 'rxjs';
import { eventuallyFound, flushIo, JsonLogger, ManualClock, SystemClock } from '@lobby/runtime';
import { ByteSimulator, TransportEvent } from './device-driver';
import { SerialPorts } from './serial-port-provider';
import { SimulatorHub } from './simulator-hub';

/** Answers every byte b with b+1; records what it heard. */
class EchoSimulator implements ByteSimulator {
  readonly heard: Buffer[] = [];
  readonly output$ = new Subject<Buffer>();
  receive(bytes: Buffer): void {
    this.heard.push(bytes);
    this.output$.next(Buffer.from([...bytes].map((b) => (b + 1) & 0xff)));
  }
  apply(): void {}
  stop(): void {}
}

const logger = new JsonLogger('test', 'error');

describe(SerialPorts.name, () => {
  let hub: SimulatorHub;
  let ports: SerialPorts;

  beforeEach(() => {
    hub = new SimulatorHub();
    ports = new SerialPorts({ clock: new SystemClock(), logger, hub, backoff: { initialMs: 20, maxMs: 100 } });
  });
  afterEach(async () => {
    await ports.closeAll();
  });

  it('connects a sim: path to its simulator both ways', async () => {
    const sim = new EchoSimulator();
    hub.attach('sim:echo', sim);
    const port = ports.acquire('sim:echo', 9600);
    const received: number[] = [];
    port.data$.subscribe((chunk) => received.push(...chunk));
    await eventuallyFound(() => port.isOpen, { what: 'port open' });
    await port.write(Buffer.from([1, 2, 3]));
    await eventuallyFound(() => received.length === 3, { what: 'echo' });
    expect(received).toEqual([2, 3, 4]);
    expect(Buffer.concat(sim.heard)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('sends host bytes to every simulator on a bus', async () => {
    const a = new EchoSimulator();
    const b = new EchoSimulator();
    hub.attach('bus', a);
    hub.attach('sim:bus', b);
    const port = ports.acquire('sim:bus', 9600);
    await eventuallyFound(() => port.isOpen);
    await port.write(Buffer.from([7]));
    expect(a.heard).toEqual([Buffer.from([7])]);
    expect(b.heard).toEqual([Buffer.from([7])]);
  });

  it('shares one port per path and closes it when the last user releases it', async () => {
    const first = ports.acquire('sim:shared', 9600);
    const second = ports.acquire('sim:shared', 9600);
    await eventuallyFound(() => first.isOpen && second.isOpen);
    expect(ports.paths()).toEqual(['sim:shared']);
    await first.release();
    await first.release();
    expect(second.isOpen).toBe(true);
    await expect(first.write(Buffer.from([1]))).rejects.toThrow(/released/);
    await second.release();
    expect(ports.paths()).toEqual([]);
    const again = ports.acquire('sim:shared', 9600);
    await eventuallyFound(() => again.isOpen, { what: 'reopen after full release' });
  });

  it('runs exclusive work one at a time in arrival order', async () => {
    const port = ports.acquire('sim:mutex', 9600);
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}-`);
      if (name === 'b') throw new Error('b failed');
      return name;
    };
    const results = await Promise.allSettled([port.exclusive(job('a', 20)), port.exclusive(job('b', 5)), port.exclusive(job('c', 1))]);
    expect(log).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('reports unplugged, rejects writes while down, and reopens with backoff on replug', async () => {
    const sim = new EchoSimulator();
    hub.attach('sim:cable', sim);
    const port = ports.acquire('sim:cable', 9600);
    const events: TransportEvent[] = [];
    port.transport$.subscribe((event) => events.push(event));
    await eventuallyFound(() => port.isOpen);

    hub.unplug('sim:cable');
    await eventuallyFound(() => events.length === 1, { what: 'unplugged event' });
    expect(events[0]).toMatchObject({ type: 'unplugged', path: 'sim:cable' });
    expect(port.isOpen).toBe(false);
    await expect(port.write(Buffer.from([1]))).rejects.toThrow(/not open/);

    hub.replug('sim:cable');
    await eventuallyFound(() => events.length === 2, { what: 'replugged event' });
    expect(events[1]).toEqual({ type: 'replugged', path: 'sim:cable' });
    const received: number[] = [];
    port.data$.subscribe((chunk) => received.push(...chunk));
    await port.write(Buffer.from([41]));
    await eventuallyFound(() => received[0] === 42, { what: 'traffic after replug' });
  });

  it('doubles the reopen delay on the injected clock up to the ceiling', async () => {
    const clock = new ManualClock();
    const slow = new SerialPorts({ clock, logger, hub, backoff: { initialMs: 500, maxMs: 2000 } });
    const opens: number[] = [];
    const spy = jest.spyOn(hub, 'connect').mockImplementation(function (this: SimulatorHub, path, line, lock) {
      opens.push(clock.now());
      return SimulatorHub.prototype.connect.call(this, path, line, lock);
    });
    try {
      hub.unplug('sim:backoff');
      const port = slow.acquire('sim:backoff', 9600);
      const events: TransportEvent[] = [];
      port.transport$.subscribe((event) => events.push(event));
      await flushIo();
      const start = clock.now();
      for (const step of [500, 1000, 2000, 2000]) {
        clock.advance(step);
        await flushIo();
      }
      expect(opens.map((at) => at - start)).toEqual([0, 500, 1500, 3500, 5500]);
      expect(events.map((e) => e.type)).toEqual(['unplugged']);
      hub.replug('sim:backoff');
      clock.advance(2000);
      await flushIo();
      expect(port.isOpen).toBe(true);
      expect(events.map((e) => e.type)).toEqual(['unplugged', 'replugged']);
    } finally {
      spy.mockRestore();
      await slow.closeAll();
    }
  });
});
