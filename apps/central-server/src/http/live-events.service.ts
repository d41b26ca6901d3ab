import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { LiveEvent } from '@lobby/alerting';
import type { DeviceChange } from '@lobby/fleet';
import { DomainEventBus } from '@lobby/platform';

/**
 * Live events for `GET /api/stream`: a consumer of the domain event bus that turns the events a
 * browser shows (alerts, tasks, device changes, checklists), this instance's and every other
 * instance's, into the stream's `{type, branchId, data}` messages. It only reads the bus: the
 * domain's own reactions (checklists, alerting) listen to the bus, not to this stream.
 */
@Injectable()
export class LiveEventsService implements OnModuleDestroy {
  private readonly stream = new Subject<LiveEvent>();
  /** Every live event, as it happens (read-only). */
  readonly events$: Observable<LiveEvent> = this.stream.asObservable();
  private readonly unsubscribe: (() => void)[];

  constructor(bus: DomainEventBus) {
    const remote = { remote: true };
    this.unsubscribe = [
      bus.on('alert.raised', ({ branchId, alert, alertEn }) => this.stream.next({ type: 'alert', branchId, data: alert, dataEn: alertEn }), remote),
      bus.on('alert.updated', ({ branchId, alert, alertEn }) => this.stream.next({ type: 'alert', branchId, data: alert, dataEn: alertEn }), remote),
      bus.on('alert.cleared', ({ branchId, alert, alertEn }) => this.stream.next({ type: 'alert.cleared', branchId, data: alert, dataEn: alertEn }), remote),
      bus.on('task.changed', ({ branchId, kind, task }) => this.stream.next({ type: 'task', branchId, taskKind: kind, data: task }), remote),
      bus.on('device.changed', (change) => this.stream.next({ type: 'device', branchId: change.device.branchId, data: deviceEvent(change) }), remote),
      bus.on('checklist.changed', ({ branchId, checklist }) => this.stream.next({ type: 'checklist', branchId, data: checklist }), remote),
      bus.on('self-service.changed', (data) => this.stream.next({ type: 'self-service', branchId: data.branchId, data }), remote),
    ];
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((off) => off());
  }
}

function deviceEvent(change: DeviceChange): Record<string, unknown> {
  const { device, current, ts, receivedAt } = change;
  return { id: device.id, branchId: device.branchId, ...current, statusAt: new Date(ts).toISOString(), lastSeen: new Date(receivedAt).toISOString() };
}
