import { Observable } from 'rxjs';
import type { BindingInterface } from '@serialport/bindings-interface';
import { SerialPort } from 'serialport';
import { Clock, JsonLogger } from '@lobby/runtime';
import { SerialPortProvider, SharedSerialPort, TransportEvent } from './device-driver';
import { BackoffOptions, ManagedSerialPort } from './managed-serial-port';
import { SimBinding } from './sim-binding';
import { SimulatorHub, defaultSimulatorHub, isSimPath } from './simulator-hub';

export const DEFAULT_BAUD_RATE = 9600;

export interface SerialPortsOptions {
  clock: Clock;
  logger: JsonLogger;
  /** Where `sim:` paths lead (default: the process-wide hub). */
  hub?: SimulatorHub;
  /** Binding for real paths (default: serialport's autodetected native binding). */
  binding?: BindingInterface;
  backoff?: BackoffOptions;
}

interface Entry {
  readonly port: ManagedSerialPort;
  users: number;
}

/**
 * Opens each path once and shares it: several Modbus slaves on one RS-485 bus get one port and
 * one exchange queue. Ref-counted: the port closes when its last user releases it.
 */
export class SerialPorts implements SerialPortProvider {
  private readonly entries = new Map<string, Entry>();
  private readonly simBinding: SimBinding;

  constructor(private readonly options: SerialPortsOptions) {
    this.simBinding = new SimBinding(options.hub ?? defaultSimulatorHub);
  }

  acquire(path: string, baudRate: number = DEFAULT_BAUD_RATE): SharedSerialPort {
    let entry = this.entries.get(path);
    if (!entry) {
      const port = new ManagedSerialPort({
        path,
        baudRate,
        binding: isSimPath(path) ? this.simBinding : (this.options.binding ?? SerialPort.binding),
        clock: this.options.clock,
        logger: this.options.logger.child('serial', { path }),
        backoff: this.options.backoff,
      });
      entry = { port, users: 0 };
      this.entries.set(path, entry);
      port.start();
    } else if (baudRate !== entry.port.baudRate) {
      this.options.logger.warn('port already open at another baud rate; the first one wins', {
        path,
        baudRate: entry.port.baudRate,
        requested: baudRate,
      });
    }
    entry.users += 1;
    return new SerialPortLease(entry.port, () => this.release(path));
  }

  /** Paths currently held open (or reopening). */
  paths(): string[] {
    return [...this.entries.keys()];
  }

  async closeAll(): Promise<void> {
    const ports = [...this.entries.values()].map((entry) => entry.port);
    this.entries.clear();
    await Promise.all(ports.map((port) => port.close()));
  }

  private async release(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) return;
    entry.users -= 1;
    if (entry.users > 0) return;
    this.entries.delete(path);
    await entry.port.close();
  }
}

/** One user's handle on a shared port; releasing it twice is harmless. */
class SerialPortLease implements SharedSerialPort {
  private released = false;

  constructor(
    private readonly port: ManagedSerialPort,
    private readonly onRelease: () => Promise<void>,
  ) {}

  get path(): string {
    return this.port.path;
  }
  get isOpen(): boolean {
    return !this.released && this.port.isOpen;
  }
  get data$(): Observable<Buffer> {
    return this.port.data$.asObservable();
  }
  get transport$(): Observable<TransportEvent> {
    return this.port.transport$.asObservable();
  }

  write(bytes: Buffer): Promise<void> {
    if (this.released) return Promise.reject(new Error(`serial port ${this.path} was released`));
    return this.port.write(bytes);
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.released) return Promise.reject(new Error(`serial port ${this.path} was released`));
    return this.port.mutex.run(work);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.onRelease();
  }
}
