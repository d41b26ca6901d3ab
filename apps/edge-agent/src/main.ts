import { AgentConfig } from '@lobby/contracts';
import { AgentConfigError, CONFIG_INVALID_EXIT_CODE, EdgeAgent, loadAgentConfig } from '@lobby/edge';
import { JsonLogger, LogLevel, parseLevel } from '@lobby/runtime';
import { configPathFromArgs } from './cli-args';

const PROGRESS_INTERVAL_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** With its parent gone there is nobody to hand over to: the disk buffer keeps what is queued. */
const PARENT_GONE_STOP_MS = 4_000;

/**
 * `node dist/apps/edge-agent/main.js --config FILE`: one edge agent. Exit codes: 0 after a
 * clean stop (SIGTERM/SIGINT), 2 for a missing or invalid config, 1 for a failed start.
 */
async function main(): Promise<void> {
  const file = configPathFromArgs(process.argv.slice(2));
  if (!file) return exitWithConfigError('usage: edge-agent --config FILE', []);
  let config: AgentConfig;
  try {
    config = loadAgentConfig(file);
  } catch (error) {
    if (error instanceof AgentConfigError) return exitWithConfigError(`invalid agent config ${file}`, error.issues);
    throw error;
  }
  const level: LogLevel = process.env.LOG_LEVEL ? parseLevel(process.env.LOG_LEVEL) : (config.logLevel ?? 'info');
  const logger = new JsonLogger('edge-agent', level, { branch: config.branch });
  installLastResortHandlers(logger);
  const agent = new EdgeAgent(config, { logger });
  try {
    await agent.start();
  } catch (error) {
    logger.error('agent failed to start', { error });
    process.exit(1);
  }
  const progress = setInterval(() => {
    const stats = agent.stats();
    if (stats) logger.info('progress', { statusesSent: stats.statusesSent, buffered: stats.buffered, dropped: stats.dropped });
  }, PROGRESS_INTERVAL_MS);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals | 'parent-gone'): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(progress);
    logger.info('stopping', { signal });
    setTimeout(
      () => {
        logger.error('clean stop took too long: exiting');
        process.exit(1);
      },
      signal === 'parent-gone' ? PARENT_GONE_STOP_MS : STOP_TIMEOUT_MS,
    ).unref();
    agent.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // Started by a parent with an IPC channel (the demo): the channel closes when the parent dies,
  // however it died, and an agent without its parent stops too.
  process.on('disconnect', () => shutdown('parent-gone'));
  if (process.send && !process.connected) shutdown('parent-gone');
}

function exitWithConfigError(message: string, issues: string[]): void {
  process.stderr.write(`${[message, ...issues.map((issue) => `  ${issue}`)].join('\n')}\n`);
  new JsonLogger('edge-agent').error('config.invalid', { message, issues });
  process.exit(CONFIG_INVALID_EXIT_CODE);
}

/** A bug must be visible in the logs; the buffer on disk keeps what was queued. */
function installLastResortHandlers(logger: JsonLogger): void {
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception: exiting', { error });
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  new JsonLogger('edge-agent').error('agent crashed', { error });
  process.exit(1);
});
