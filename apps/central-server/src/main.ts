import { ConfigError, JsonLogger, loadCentralConfig } from '@lobby/platform';
import { startCentralServer } from './central-server';

/** `npm run start:central`: the central server alone, configured by its environment. */
async function main(): Promise<void> {
  const bootLogger = new JsonLogger('central');
  let config;
  try {
    config = loadCentralConfig();
  } catch (error) {
    bootLogger.error((error as Error).message);
    process.exit(2);
  }
  const server = await startCentralServer(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means now: whatever is still pending is given up.
      bootLogger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    bootLogger.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        bootLogger.error('shutdown failed', { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  new JsonLogger('central').error(error instanceof ConfigError ? error.message : 'start-up failed', { error: (error as Error).message, stack: (error as Error).stack });
  process.exit(error instanceof ConfigError ? 2 : 1);
});
