import { Subject } from 'rxjs';
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-interface';
import { Clock, JsonLogger, TimerHandle } from '@lobby/runtime';
import { TransportEvent } from './device-driver';
import { FifoMutex } from './fifo-mutex';

export interface BackoffOptions {
  /** First reopen delay (default 500 ms); doubles after each failed attempt. */
  initialMs?: number;
  /** Ceiling of the reopen delay (default 30 s). */
  maxMs?: number;
}

export interface ManagedSerialPortOptions {
  path: string;
  baudRate: number;
  binding: BindingInterface;
  clock: Clock;
  logger: JsonLogger;
  backoff?: BackoffOptions;
}

type PortState = 'opening' | 'open' | 'down' | 'closed';

/**
 * One physical (or simulated) port, 8N1, that keeps itself open: when it errors or vanishes it
 * reports `unplugged`, retries with exponential backoff on the injected clock and reports
 * `replugged` once it is back. Every stream event is caught here: a serial fault is a state,
 * never an exception in the agent's event loop.
 */
export class ManagedSerialPort {
  readonly data$ = new Subject<Buffer>();
  readonly transport$ = new Subject<TransportEvent>();
  readonly mutex = new FifoMutex();
  private state: PortState = 'opening';
  private stream?: SerialPortStream;
  private unpluggedReported = false;
  private delayMs: number;
  private retry?: TimerHandle;
  private readonly pendingWrites = new Set<(error: Error) => void>();
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(private readonly options: ManagedSerialPortOptions) {
    this.initialMs = options.backoff?.initialMs ?? 500;
    this.maxMs = options.backoff?.maxMs ?? 30_000;
    this.delayMs = this.initialMs;
  }

  get path(): string {
    return this.options.path;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get baudRate(): number {
    return this.options.baudRate;
  }

  start(): void {
    this.openStream();
  }

  write(bytes: Buffer): Promise<void> {
    const stream = this.stream;
    if (this.state !== 'open' || !stream) {
      return Promise.reject(new Error(`serial port ${this.path} is not open (${this.state})`));
    }
    return new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => {
        this.pendingWrites.delete(fail);
        reject(error);
      };
      this.pendingWrites.add(fail);
      stream.write(bytes, (error) => {
        this.pendingWrites.delete(fail);
        if (error) reject(new Error(`write to ${this.path} failed: ${error.message}`));
        else resolve();
      });
    });
  }

  /** Closes for good (last user released it). */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.retry?.cancel();
    this.failPendingWrites('port closed');
    const stream = this.stream;
    this.stream = undefined;
    if (stream?.isOpen) {
      await new Promise<void>((resolve) => stream.close(() => resolve()));
    }
    this.data$.complete();
    this.transport$.complete();
  }

  private openStream(): void {
    if (this.state === 'closed') return;
    this.state = 'opening';
    const stream = new SerialPortStream({
      binding: this.options.binding,
      path: this.path,
      baudRate: this.options.baudRate,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.guard('data', () => this.data$.next(chunk)));
    // Without an 'error' listener a stream error would be thrown as an uncaught exception.
    stream.on('error', (error: Error) => this.options.logger.warn('serial port error', { path: this.path, error: error.message }));
    stream.on('close', (error: Error | null) => this.guard('close', () => this.onClose(stream, error)));
    stream.open((error) => this.guard('open', () => (error ? this.onOpenFailed(stream, error) : this.onOpened(stream))));
  }

  private onOpened(stream: SerialPortStream): void {
    if (stream !== this.stream || this.state === 'closed') {
      stream.close();
      return;
    }
    this.state = 'open';
    this.delayMs = this.initialMs;
    this.options.logger.info('serial port open', { path: this.path, baudRate: this.options.baudRate });
    if (this.unpluggedReported) {
      this.unpluggedReported = false;
      this.transport$.next({ type: 'replugged', path: this.path });
    }
  }

  private onOpenFailed(stream: SerialPortStream, error: Error): void {
    if (stream !== this.stream || this.state === 'closed') return;
    this.goDown(`open failed: ${error.message}`);
  }

  private onClose(stream: SerialPortStream, error: Error | null): void {
    if (stream !== this.stream || this.state === 'closed') return;
    this.goDown(error ? error.message : 'closed unexpectedly');
  }

  private goDown(reason: string): void {
    this.state = 'down';
    this.failPendingWrites(reason);
    if (!this.unpluggedReported) {
      this.unpluggedReported = true;
      this.options.logger.warn('serial port lost', { path: this.path, reason });
      this.transport$.next({ type: 'unplugged', path: this.path, reason });
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxMs);
    this.options.logger.debug('serial port reopen scheduled', { path: this.path, delayMs: delay });
    this.retry?.cancel();
    this.retry = this.options.clock.setTimeout(() => this.guard('reopen', () => this.openStream()), delay);
  }

  private failPendingWrites(reason: string): void {
    for (const fail of [...this.pendingWrites]) fail(new Error(`write to ${this.path} failed: ${reason}`));
    this.pendingWrites.clear();
  }

  /** A subscriber's exception must not escape into a stream callback and kill the process. */
  private guard(where: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.options.logger.error('serial port handler failed', { path: this.path, where, error });
    }
  }
}
