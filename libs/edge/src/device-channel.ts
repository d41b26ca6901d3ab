import { Subscription } from 'rxjs';
import {
  AgentDeviceConfig,
  AgentEventType,
  DeviceEventType,
  DeviceEventTypeSchema,
  DeviceReading,
  DeviceReadingSchema,
  Topics,
} from '@lobby/contracts';
import { DeviceDriver, TransportEvent } from '@lobby/devices';
import { Clock, JsonLogger } from '@lobby/runtime';
import { deriveEvents } from './event-deriver';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, StatusGate } from './status-gate';

/** Where a device's statuses and events go: the durable, seq-numbering outbox. */
export interface AgentOutbox {
  enqueue(topic: string, body: Record<string, unknown>, markHistorical: boolean): number;
  agentEvent(type: AgentEventType, data: Record<string, unknown>): number;
}

/** The driver and the agent may both announce one ribbon change; the second is dropped. */
const RIBBON_DEDUPE_MS = 60_000;

/**
 * One device between its driver and the outbox: publishes changed readings at once and the
 * unchanged state as a heartbeat, derives events from consecutive readings, forwards the
 * driver's own events and turns port loss into agent events. Nothing the driver emits can
 * throw out of here.
 */
export class DeviceChannel {
  private readonly gate: StatusGate;
  private readonly subscriptions: Subscription[] = [];
  private last?: DeviceReading;
  /** The last reading from a device that answered: what events are derived against. */
  private lastKnown?: DeviceReading;
  private ribbonReplacedAt = Number.NEGATIVE_INFINITY;
  invalidReadings = 0;

  constructor(
    readonly config: AgentDeviceConfig,
    readonly driver: DeviceDriver,
    private readonly branch: string,
    private readonly outbox: AgentOutbox,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {
    this.gate = new StatusGate(config.settings?.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);
  }

  attach(): void {
    const onError = (stream: string) => (error: unknown) =>
      this.logger.error('driver stream failed', { stream, error: error instanceof Error ? error.message : String(error) });
    this.subscriptions.push(
      this.driver.readings$.subscribe({ next: (r) => this.guard(() => this.onReading(r)), error: onError('readings') }),
      this.driver.events$.subscribe({ next: (e) => this.guard(() => this.onDriverEvent(e)), error: onError('events') }),
      this.driver.transport$.subscribe({ next: (t) => this.guard(() => this.onTransport(t)), error: onError('transport') }),
    );
  }

  detach(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  /** Republishes the unchanged state when its heartbeat is due. */
  tick(): void {
    if (this.last && this.gate.heartbeatDue(this.clock.now())) this.guard(() => this.publishStatus(this.last!));
  }

  /** After a backlog replay: the current state, live. */
  publishFresh(): void {
    if (this.last) this.guard(() => this.publishStatus(this.last!));
  }

  private onReading(raw: DeviceReading): void {
    const parsed = DeviceReadingSchema.safeParse(raw);
    if (!parsed.success) {
      this.invalidReadings++;
      this.logger.warn('invalid reading from driver', { issue: parsed.error.issues[0]?.message });
      return;
    }
    const reading = parsed.data;
    const events = deriveEvents(this.lastKnown, reading);
    this.last = reading;
    if (reading.link === 'up') this.lastKnown = reading;
    if (this.gate.changed(reading)) this.publishStatus(reading);
    for (const event of events) this.publishEvent(event.type, event.data);
  }

  private onDriverEvent(event: { type: DeviceEventType; data: Record<string, unknown> }): void {
    const type = DeviceEventTypeSchema.safeParse(event?.type);
    if (!type.success) {
      this.logger.warn('unknown event type from driver', { type: String(event?.type) });
      return;
    }
    const data = typeof event.data === 'object' && event.data !== null ? event.data : {};
    this.publishEvent(type.data, data);
  }

  private onTransport(event: TransportEvent): void {
    const type: AgentEventType = event.type === 'unplugged' ? 'device.unplugged' : 'device.replugged';
    this.logger.warn(type, { path: event.path, reason: event.reason });
    this.outbox.agentEvent(type, { deviceId: this.config.id, path: event.path, ...(event.reason ? { reason: event.reason } : {}) });
  }

  private publishStatus(reading: DeviceReading): void {
    const now = this.clock.now();
    this.outbox.enqueue(Topics.deviceStatus(this.branch, this.config.id), { ts: this.clock.isoNow(), ...reading }, true);
    this.gate.published(reading, now);
  }

  private publishEvent(type: DeviceEventType, data: Record<string, unknown>): void {
    if (type === 'ribbon.replaced') {
      const now = this.clock.now();
      if (now - this.ribbonReplacedAt < RIBBON_DEDUPE_MS) return;
      this.ribbonReplacedAt = now;
    }
    this.outbox.enqueue(Topics.deviceEvent(this.branch, this.config.id), { ts: this.clock.isoNow(), type, data }, true);
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logger.error('could not queue device output', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
