import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { JsonLogger } from '@lobby/platform';

/** One edge agent as its own process (as in a branch), its log lines passed through. */
export class AgentProcess {
  private child?: ChildProcess;
  private stopping = false;

  constructor(
    private readonly branchId: string,
    private readonly configPath: string,
    private readonly logger: JsonLogger,
    private readonly echoLogs: boolean,
  ) {}

  start(): void {
    const entry = require.resolve('../../edge-agent/src/main.js');
    this.child = spawn(process.execPath, [entry, '--config', this.configPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        if (this.echoLogs) process.stdout.write(`${line}\n`);
      });
    }
    this.child.on('exit', (code, signal) => {
      if (!this.stopping) this.logger.error('edge agent exited', { branchId: this.branchId, code, signal });
    });
  }

  /** SIGTERM, then SIGKILL if it does not go within 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.stopping = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
