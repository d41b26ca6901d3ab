import { Subject } from 'rxjs';
import { AgentDeviceConfig, CommandAction, DeviceEventType, DeviceKind, DeviceReading } from '@lobby/contracts';
import { CommandError, DeviceDriver, DeviceModule, TransportEvent } from '@lobby/devices';
import { DeviceModules } from '../device-modules';

/** A driver the test steers by hand: push readings, events and port loss; record commands. */
export class FakeDeviceDriver implements DeviceDriver {
  readonly readings = new Subject<DeviceReading>();
  readonly events = new Subject<{ type: DeviceEventType; data: Record<string, unknown> }>();
  readonly transport = new Subject<TransportEvent>();
  readonly readings$ = this.readings.asObservable();
  readonly events$ = this.events.asObservable();
  readonly transport$ = this.transport.asObservable();
  readonly executed: { action: CommandAction; args?: Record<string, unknown> }[] = [];
  started = false;
  stopped = false;

  constructor(
    readonly deviceId: string,
    readonly kind: DeviceKind,
    private readonly actions: readonly CommandAction[] = ['status.refresh'],
  ) {}

  async start(): Promise<void> {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  supports(action: CommandAction): boolean {
    return this.actions.includes(action);
  }
  async execute(action: CommandAction, args?: Record<string, unknown>): Promise<void> {
    if (!this.supports(action)) throw new CommandError('unsupported', `fake does not support ${action}`);
    this.executed.push({ action, args });
  }
  emit(reading: Partial<DeviceReading>): void {
    this.readings.next({ kind: this.kind, link: 'up', state: 'ok', faults: [], ...reading });
  }
}

/** Modules for every kind that hand out fake drivers and keep them by device id. */
export function fakeModules(): { modules: DeviceModules; drivers: Map<string, FakeDeviceDriver> } {
  const drivers = new Map<string, FakeDeviceDriver>();
  const module = (kind: DeviceKind): DeviceModule => ({
    kind,
    transportTypes: ['serial', 'modbus-rtu', 'mqtt'],
    createDriver: (config: AgentDeviceConfig) => {
      const driver = new FakeDeviceDriver(config.id, kind, ['status.refresh', 'lamp.on', 'lamp.off', 'ribbon.reset']);
      drivers.set(config.id, driver);
      return driver;
    },
  });
  return {
    modules: {
      'ticket-printer': module('ticket-printer'),
      'cash-dispenser': module('cash-dispenser'),
      'light-box': module('light-box'),
      'receipt-box': module('receipt-box'),
    },
    drivers,
  };
}
