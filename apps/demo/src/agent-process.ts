import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { JsonLogger } from '@lobby/platform';

const STOP_TIMEOUT_MS = 10_000;

/**
 * One edge agent as its own process (as in a branch), its log lines passed through. It is
 * started with an IPC channel: the agent stops by itself when the channel closes, so even a
 * demo killed with SIGKILL leaves no agent behind.
 */
export class AgentProcess {
  private child?: ChildProcess;
  private stopping = false;

  constructor(
    private readonly branchId: string,
    private readonly configPath: string,
    private readonly logger: JsonLogger,
    private readonly echoLogs: boolean,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const entry = require.resolve('../../edge-agent/src/main.js');
    this.child = spawn(process.execPath, [entry, '--config', this.configPath], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: { ...process.env } });
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
    this.stopping = true;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
