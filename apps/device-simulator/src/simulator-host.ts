import { SerialPort } from 'serialport';
import { AgentDeviceConfig } from '@lobby/contracts';
import { ByteSimulator, CashDispenserSimulator, deviceModuleFor } from '@lobby/devices';
import { Clock, JsonLogger } from '@lobby/runtime';
import { BrokerSimulatorArgs, SerialSimulatorArgs } from './simulator-args';

/** A simulator being served, whichever way it reaches the host. */
export interface HostedSimulator {
  apply(action: string): void;
  stop(): Promise<void>;
}

/**
 * Serves a ByteSimulator on a real serial port (a pty end of socat, a USB adapter): bytes the
 * port receives go to the simulator, its output goes out. The simulator comes from the kind's
 * own module, as for `sim:` paths in the agent. `onLost` fires when the port goes away.
 */
export async function hostOnSerialPort(
  args: SerialSimulatorArgs,
  clock: Clock,
  logger: JsonLogger,
  onLost: (reason: string) => void,
): Promise<HostedSimulator> {
  const simulator = createByteSimulator(args, clock);
  const port = new SerialPort({ path: args.path, baudRate: args.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  let stopping = false;
  port.on('data', (chunk: Buffer) => simulator.receive(chunk));
  port.on('error', (error: Error) => logger.warn('serial port error', { error: error.message }));
  port.on('close', () => {
    if (!stopping) onLost('serial port closed');
  });
  const output = simulator.output$.subscribe((bytes) => {
    port.write(bytes, (error) => {
      if (error) logger.warn('serial write failed', { error: error.message });
    });
  });
  if (args.autoplay) startAutoplay(simulator, clock, logger);
  return {
    apply: (action) => simulator.apply(action),
    stop: async () => {
      stopping = true;
      output.unsubscribe();
      simulator.stop();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}

/** Runs the XFS monitoring-client simulator against a broker. */
export async function hostOnBroker(args: BrokerSimulatorArgs, clock: Clock, logger: JsonLogger): Promise<HostedSimulator> {
  const simulator = new CashDispenserSimulator({ ...args, clock, logger: logger.child('cash-dispenser-sim') });
  await simulator.start();
  if (args.autoplay) simulator.autoplay(clock);
  return { apply: (action) => simulator.apply(action), stop: () => simulator.stop() };
}

function createByteSimulator(args: SerialSimulatorArgs, clock: Clock): ByteSimulator {
  const simulator = deviceModuleFor(args.kind).createSimulator?.(deviceConfig(args), clock);
  if (!simulator) throw new Error(`${args.kind} has no byte simulator`);
  return simulator;
}

/** The device config an agent would have for this port, so the module builds the same simulator. */
function deviceConfig(args: SerialSimulatorArgs): AgentDeviceConfig {
  const transport: AgentDeviceConfig['transport'] =
    args.kind === 'light-box'
      ? { type: 'modbus-rtu', path: args.path, baudRate: args.baudRate, unitId: args.unitId }
      : { type: 'serial', path: args.path, baudRate: args.baudRate };
  return { id: 'simulator', kind: args.kind, transport };
}

function startAutoplay(simulator: ByteSimulator, clock: Clock, logger: JsonLogger): void {
  if (simulator.autoplay) simulator.autoplay(clock);
  else logger.warn('this simulator has no autoplay');
}
