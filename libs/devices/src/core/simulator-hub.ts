import { Subscription } from 'rxjs';
import { ByteSimulator } from './device-driver';

export const SIM_PATH_PREFIX = 'sim:';

export function isSimPath(path: string): boolean {
  return path.startsWith(SIM_PATH_PREFIX);
}

/** `tp-1` and `sim:tp-1` name the same simulated line. */
export function toSimPath(pathOrName: string): string {
  return isSimPath(pathOrName) ? pathOrName : `${SIM_PATH_PREFIX}${pathOrName}`;
}

/** The host end of one open simulated port (implemented by the sim binding's port). */
export interface SimLine {
  /** Bytes from the simulated devices to the host. */
  deliver(bytes: Buffer): void;
  /** The cable was pulled: the host's pending and next I/O fail as a disconnect. */
  hangUp(reason: string): void;
}

interface Bus {
  readonly simulators: Map<ByteSimulator, Subscription>;
  line?: SimLine;
  unplugged: boolean;
}

/**
 * The wiring between `sim:` ports and the simulators behind them. One bus per path: every
 * simulator sees every byte the host writes (RS-485: each slave answers only its own address)
 * and whatever any simulator sends reaches the host. Unplug/replug let tests and the demo
 * pull the cable without real hardware.
 */
export class SimulatorHub {
  private readonly buses = new Map<string, Bus>();

  attach(path: string, simulator: ByteSimulator): void {
    const bus = this.bus(path);
    if (bus.simulators.has(simulator)) return;
    const subscription = simulator.output$.subscribe((bytes) => {
      if (bus.unplugged) return;
      bus.line?.deliver(bytes);
    });
    bus.simulators.set(simulator, subscription);
  }

  /** Disconnects a simulator from the bus; the caller still owns (and stops) it. */
  detach(path: string, simulator: ByteSimulator): void {
    const bus = this.buses.get(toSimPath(path));
    bus?.simulators.get(simulator)?.unsubscribe();
    bus?.simulators.delete(simulator);
  }

  simulators(path: string): ByteSimulator[] {
    return [...(this.buses.get(toSimPath(path))?.simulators.keys() ?? [])];
  }

  paths(): string[] {
    return [...this.buses.keys()];
  }

  /** Pulls the cable: an open port fails as a disconnect and the path cannot be opened. */
  unplug(path: string, reason = 'simulated cable pulled'): void {
    const bus = this.bus(path);
    bus.unplugged = true;
    const line = bus.line;
    bus.line = undefined;
    line?.hangUp(reason);
  }

  replug(path: string): void {
    this.bus(path).unplugged = false;
  }

  isPlugged(path: string): boolean {
    return !(this.buses.get(toSimPath(path))?.unplugged ?? false);
  }

  /** Called by the sim binding when the host opens the path; throws as a failed open would. */
  connect(path: string, line: SimLine, lock: boolean): void {
    const bus = this.bus(path);
    if (bus.unplugged) throw new Error(`Error: No such file or directory, cannot open ${path}`);
    if (bus.line && lock) throw new Error(`Error Resource temporarily unavailable Cannot lock port ${path}`);
    bus.line = line;
  }

  disconnect(path: string, line: SimLine): void {
    const bus = this.buses.get(toSimPath(path));
    if (bus?.line === line) bus.line = undefined;
  }

  /** Host → every simulator on the bus. A simulator that throws is its own bug, not the host's. */
  transmit(path: string, bytes: Buffer): void {
    const bus = this.buses.get(toSimPath(path));
    if (!bus || bus.unplugged) return;
    for (const simulator of [...bus.simulators.keys()]) {
      try {
        simulator.receive(Buffer.from(bytes));
      } catch {
        // Swallowed on purpose: a broken simulator must look like a silent device, not crash the host.
      }
    }
  }

  private bus(path: string): Bus {
    const key = toSimPath(path);
    let bus = this.buses.get(key);
    if (!bus) {
      bus = { simulators: new Map(), unplugged: false };
      this.buses.set(key, bus);
    }
    return bus;
  }
}

/** The process-wide hub that `SerialPorts` uses for `sim:` paths unless given another. */
export const defaultSimulatorHub = new SimulatorHub();
