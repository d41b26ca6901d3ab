import { createInterface } from 'node:readline';
import { JsonLogger, SystemClock } from '@lobby/runtime';
import { USAGE, parseSimulatorArgs } from './simulator-args';
import { HostedSimulator, hostOnBroker, hostOnSerialPort } from './simulator-host';

/**
 * A standalone simulated device for end-to-end tests and bench set-ups (docs/simulators.md):
 * a byte simulator on a real serial port, or the cash dispenser's XFS client against a broker.
 * Control actions come one per line on stdin; logs are JSON lines on stdout.
 */
async function main(): Promise<void> {
  const logger = new JsonLogger('device-simulator');
  const parsed = parseSimulatorArgs(process.argv.slice(2));
  if (!parsed.ok) {
    logger.error('invalid arguments', { error: parsed.error, usage: USAGE });
    process.exit(2);
  }
  const args = parsed.args;
  const clock = new SystemClock();
  const simulator: HostedSimulator =
    args.kind === 'cash-dispenser'
      ? await hostOnBroker(args, clock, logger)
      : await hostOnSerialPort(args, clock, logger, (reason) => {
          logger.error('device port lost', { reason });
          process.exit(1);
        });

  readControlLines(simulator, logger);
  const shutdown = (signal: string): void => {
    logger.info('stopping', { signal });
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // The broker password stays out of the logs (undefined fields are not serialized).
  logger.info('ready', { ...args, password: undefined, pid: process.pid });
}

/** Each stdin line is an action name for the simulator; a closed stdin just ends control. */
function readControlLines(simulator: HostedSimulator, logger: JsonLogger): void {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    const action = line.trim();
    if (!action || action.startsWith('#')) return;
    try {
      simulator.apply(action);
      logger.info('action applied', { action });
    } catch (error) {
      logger.warn('action refused', { action, error: (error as Error).message });
    }
  });
}

main().catch((error: unknown) => {
  new JsonLogger('device-simulator').error('simulator failed to start', { error });
  process.exit(1);
});
