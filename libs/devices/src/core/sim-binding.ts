import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface';
import { SimLine, SimulatorHub, isSimPath } from './simulator-hub';

/** serialport's streams tell a closed port (`canceled`) from a lost one by this flag. */
export class SimPortError extends Error {
  constructor(
    message: string,
    readonly canceled = false,
  ) {
    super(message);
  }
}

interface PendingRead {
  buffer: Buffer;
  offset: number;
  length: number;
  resolve: (result: { buffer: Buffer; bytesRead: number }) => void;
  reject: (error: Error) => void;
}

/**
 * One open `sim:` port. Behaves like a real tty for `SerialPortStream`: reads wait for bytes,
 * close cancels them, and a pulled cable fails them with a non-canceled error so the stream
 * reports a disconnect exactly as it does for a vanished USB adapter or pty.
 */
export class SimBindingPort implements BindingPortInterface, SimLine {
  isOpen = true;
  private readonly rx: Buffer[] = [];
  private pending?: PendingRead;
  private hungUp?: string;

  constructor(
    private readonly hub: SimulatorHub,
    readonly openOptions: Required<OpenOptions>,
  ) {}

  deliver(bytes: Buffer): void {
    if (!this.isOpen || this.hungUp) return;
    this.rx.push(Buffer.from(bytes));
    this.fillPending();
  }

  hangUp(reason: string): void {
    if (!this.isOpen || this.hungUp) return;
    // Stays "open" until the stream closes it: the stream only reports a disconnect for an open port.
    this.hungUp = reason;
    this.rx.length = 0;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new SimPortError(reason));
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new SimPortError('Port is not open', true);
    this.isOpen = false;
    this.hub.disconnect(this.openOptions.path, this);
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new SimPortError('Port is closed', true));
  }

  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) return Promise.reject(new SimPortError('Port is not open', true));
    if (this.hungUp) return Promise.reject(new SimPortError(this.hungUp));
    return new Promise((resolve, reject) => {
      this.pending = { buffer, offset, length, resolve, reject };
      this.fillPending();
    });
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new SimPortError('Port is not open', true);
    if (this.hungUp) throw new SimPortError(this.hungUp);
    this.hub.transmit(this.openOptions.path, Buffer.from(buffer));
  }

  async update(options: UpdateOptions): Promise<void> {
    this.assertOpen();
    this.openOptions.baudRate = options.baudRate;
  }

  async set(_options: SetOptions): Promise<void> {
    this.assertOpen();
  }

  async get(): Promise<PortStatus> {
    this.assertOpen();
    return { cts: true, dsr: true, dcd: true };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.assertOpen();
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.assertOpen();
    this.rx.length = 0;
  }

  async drain(): Promise<void> {
    this.assertOpen();
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new SimPortError('Port is not open', true);
  }

  private fillPending(): void {
    const pending = this.pending;
    if (!pending || this.rx.length === 0) return;
    this.pending = undefined;
    let bytesRead = 0;
    while (this.rx.length > 0 && bytesRead < pending.length) {
      const chunk = this.rx[0];
      const take = Math.min(chunk.length, pending.length - bytesRead);
      chunk.copy(pending.buffer, pending.offset + bytesRead, 0, take);
      bytesRead += take;
      if (take === chunk.length) this.rx.shift();
      else this.rx[0] = chunk.subarray(take);
    }
    pending.resolve({ buffer: pending.buffer, bytesRead });
  }
}

/** A serialport binding whose ports are lines of a `SimulatorHub` (paths `sim:NAME`). */
export class SimBinding implements BindingInterface<SimBindingPort> {
  constructor(private readonly hub: SimulatorHub) {}

  async list(): Promise<PortInfo[]> {
    return this.hub.paths().map((path) => ({
      path,
      manufacturer: 'lobby simulator',
      serialNumber: undefined,
      pnpId: undefined,
      locationId: undefined,
      productId: undefined,
      vendorId: undefined,
    }));
  }

  async open(options: OpenOptions): Promise<SimBindingPort> {
    if (!isSimPath(options.path)) throw new TypeError(`not a simulated port path: ${options.path}`);
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) throw new TypeError(`bad baudRate ${options.baudRate}`);
    const port = new SimBindingPort(this.hub, {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    });
    this.hub.connect(options.path, port, port.openOptions.lock);
    return port;
  }
}
