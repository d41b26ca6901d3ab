import { AgentDeviceConfig, AgentEventType } from '@lobby/contracts';
import { JsonLogger, ManualClock } from '@lobby/runtime';
import { AgentOutbox, DeviceChannel } from './device-channel';
import { FakeDeviceDriver } from './testing/fake-device.driver';

interface Queued {
  topic: string;
  body: Record<string, unknown>;
  markHistorical: boolean;
}

class RecordingOutbox implements AgentOutbox {
  readonly queued: Queued[] = [];
  readonly agentEvents: { type: AgentEventType; data: Record<string, unknown> }[] = [];
  enqueue(topic: string, body: Record<string, unknown>, markHistorical: boolean): number {
    this.queued.push({ topic, body, markHistorical });
    return this.queued.length;
  }
  agentEvent(type: AgentEventType, data: Record<string, unknown>): number {
    this.agentEvents.push({ type, data });
    return 0;
  }
  statuses() {
    return this.queued.filter((q) => q.topic.endsWith('/status'));
  }
  events() {
    return this.queued.filter((q) => q.topic.endsWith('/event')).map((q) => q.body.type);
  }
}

describe(DeviceChannel.name, () => {
  const config: AgentDeviceConfig = {
    id: 'rb-1',
    kind: 'receipt-box',
    transport: { type: 'serial', path: '/dev/ttyS0' },
    settings: { heartbeatIntervalMs: 30_000 },
  };
  let clock: ManualClock;
  let driver: FakeDeviceDriver;
  let outbox: RecordingOutbox;
  let channel: DeviceChannel;

  beforeEach(() => {
    clock = new ManualClock();
    driver = new FakeDeviceDriver('rb-1', 'receipt-box');
    outbox = new RecordingOutbox();
    channel = new DeviceChannel(config, driver, 'b1', outbox, clock, new JsonLogger('test', 'error'));
    channel.attach();
  });

  it('publishes a status on change only, with ts and the reading', () => {
    driver.emit({ counters: { linesPrinted: 1 } });
    driver.emit({ counters: { linesPrinted: 1 } });
    driver.emit({ counters: { linesPrinted: 2 } });
    expect(outbox.statuses().map((s) => s.body.counters)).toEqual([{ linesPrinted: 1 }, { linesPrinted: 2 }]);
    expect(outbox.statuses()[0]).toMatchObject({
      topic: 'lobby/v1/b1/device/rb-1/status',
      markHistorical: true,
      body: { ts: clock.isoNow(), kind: 'receipt-box', link: 'up', state: 'ok', faults: [] },
    });
  });

  it('treats reordered faults as no change', () => {
    driver.emit({ faults: ['door-open', 'paper-jam'] });
    driver.emit({ faults: ['paper-jam', 'door-open'] });
    expect(outbox.statuses()).toHaveLength(1);
  });

  it('republishes the unchanged state every heartbeat interval', () => {
    driver.emit({});
    clock.advance(29_000);
    channel.tick();
    driver.emit({});
    expect(outbox.statuses()).toHaveLength(1);
    clock.advance(1_000);
    channel.tick();
    expect(outbox.statuses()).toHaveLength(2);
    channel.tick();
    expect(outbox.statuses()).toHaveLength(2);
  });

  it('derives events from consecutive readings and forwards the driver’s own', () => {
    driver.emit({ faults: ['door-open'], consumables: { paper: { level: 'out' } } });
    driver.emit({ consumables: { paper: { level: 'ok' } } });
    driver.events.next({ type: 'ribbon.replaced', data: { linesPrinted: 10 } });
    expect(outbox.events()).toEqual(['paper.replaced', 'door.closed', 'ribbon.replaced']);
  });

  it('announces a ribbon change once when the driver and the readings both see it', () => {
    driver.emit({ consumables: { ribbon: { level: 'out' } } });
    driver.events.next({ type: 'ribbon.replaced', data: {} });
    driver.emit({ consumables: { ribbon: { level: 'ok' } } });
    expect(outbox.events()).toEqual(['ribbon.replaced']);
  });

  it('derives across a silent spell against the last reading that answered', () => {
    driver.emit({ faults: ['door-open'] });
    driver.emit({ link: 'down', state: 'offline' });
    driver.emit({});
    expect(outbox.events()).toEqual(['door.closed']);
  });

  it('turns port loss into agent events', () => {
    driver.transport.next({ type: 'unplugged', path: '/dev/ttyS0', reason: 'ENOENT' });
    driver.transport.next({ type: 'replugged', path: '/dev/ttyS0' });
    expect(outbox.agentEvents).toEqual([
      { type: 'device.unplugged', data: { deviceId: 'rb-1', path: '/dev/ttyS0', reason: 'ENOENT' } },
      { type: 'device.replugged', data: { deviceId: 'rb-1', path: '/dev/ttyS0' } },
    ]);
  });

  it('drops invalid readings and unknown events without throwing', () => {
    driver.readings.next({ kind: 'receipt-box', link: 'sideways' } as never);
    driver.events.next({ type: 'exploded' as never, data: {} });
    expect(channel.invalidReadings).toBe(1);
    expect(outbox.queued).toEqual([]);
  });

  it('survives an outbox that throws', () => {
    outbox.enqueue = () => {
      throw new Error('disk full');
    };
    expect(() => driver.emit({})).not.toThrow();
  });

  it('publishes a fresh status on request', () => {
    channel.publishFresh();
    expect(outbox.statuses()).toHaveLength(0);
    driver.emit({});
    channel.publishFresh();
    expect(outbox.statuses()).toHaveLength(2);
  });
});
