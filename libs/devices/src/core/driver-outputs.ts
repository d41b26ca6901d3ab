import { Observable, Subject } from 'rxjs';
import type { DeviceEventType, DeviceReading } from '@lobby/contracts';
import type { TransportEvent } from './device-driver';

type DriverEvent = { type: DeviceEventType; data: Record<string, unknown> };

/** The three output streams every `DeviceDriver` has, and how a driver feeds and ends them. */
export abstract class DriverOutputs {
  private readonly readings = new Subject<DeviceReading>();
  private readonly events = new Subject<DriverEvent>();
  private readonly transport = new Subject<TransportEvent>();

  readonly readings$: Observable<DeviceReading> = this.readings.asObservable();
  readonly events$: Observable<DriverEvent> = this.events.asObservable();
  readonly transport$: Observable<TransportEvent> = this.transport.asObservable();

  protected emitReading(reading: DeviceReading): void {
    this.readings.next(reading);
  }
  protected emitEvent(type: DeviceEventType, data: Record<string, unknown> = {}): void {
    this.events.next({ type, data });
  }
  protected emitTransport(event: TransportEvent): void {
    this.transport.next(event);
  }
  protected completeOutputs(): void {
    this.readings.complete();
    this.events.complete();
    this.transport.complete();
  }
}
