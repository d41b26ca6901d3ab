/**
 * The baseline broker for the embedded-broker scenarios: the same aedes the central server
 * embeds, alone in its own process, without authentication or ACL. Prints `{"port"}` when ready.
 */
import { createServer } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBroker } = require('aedes') as typeof import('aedes');

const broker = createBroker();
const server = createServer((socket) => broker.handle(socket));
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => broker.close(() => server.close(() => process.exit(0))));
