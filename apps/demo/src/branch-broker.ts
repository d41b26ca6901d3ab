import { createServer, Server } from 'node:net';
import { AddressInfo } from 'node:net';

// aedes 0.51 is the CommonJS line; this broker stands for a branch network's own broker.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBroker } = require('aedes') as typeof import('aedes');

/** A branch-side broker (as on a branch LAN) that ATM monitoring clients publish to. */
export class BranchBroker {
  private readonly broker = createBroker();
  private server?: Server;

  async listen(): Promise<string> {
    this.server = createServer((socket) => this.broker.handle(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `mqtt://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
