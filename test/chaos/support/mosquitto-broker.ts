import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChildProgram, delay, ProcessGroup } from '../../support/processes';
import { portOpen, SERVICES_REQUIRED } from '../../support/services';

/**
 * A Mosquitto of the suite's own on a free port (the shared one on 1883 cannot be restarted), with
 * the queue settings of config/mosquitto/mosquitto.conf: QoS 1 bursts must not be dropped while a
 * subscriber is away, and with persistence a restart keeps what was queued.
 */
export function mosquittoBinary(suite: string): string | undefined {
  for (const candidate of ['mosquitto', '/usr/sbin/mosquitto']) {
    if (spawnSync(candidate, ['-h'], { stdio: 'ignore' }).error === undefined) return candidate;
  }
  if (SERVICES_REQUIRED) throw new Error(`${suite}: mosquitto is required (REQUIRE_SERVICES=1) but not installed (apt-get install mosquitto)`);
  process.stderr.write(`${suite}: mosquitto is not installed: skipped (install mosquitto, or set REQUIRE_SERVICES=1 to make this fail)\n`);
  return undefined;
}

export class MosquittoBroker {
  private process?: ChildProgram;
  private starts = 0;
  private readonly dataDir: string;

  constructor(
    private readonly group: ProcessGroup,
    private readonly binary: string,
    private readonly dir: string,
    readonly port: number,
  ) {
    // Started as root, Mosquitto drops to its own user: its data dir must be writable by anyone.
    this.dataDir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-chaos-mosquitto-'));
    fs.chmodSync(this.dataDir, 0o777);
    fs.writeFileSync(
      this.configFile,
      [
        `listener ${port} 127.0.0.1`,
        // Loopback only and a private port: the test broker takes anyone (the ACL is tested elsewhere).
        'allow_anonymous true',
        'max_queued_messages 2000000',
        'max_queued_bytes 1073741824',
        'max_inflight_messages 1000',
        'message_size_limit 65536',
        'persistence true',
        `persistence_location ${this.dataDir}/`,
        'log_dest stdout',
        'log_type error',
        'log_type warning',
        'log_type information',
        '',
      ].join('\n'),
    );
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  private get configFile(): string {
    return path.join(this.dir, 'mosquitto.conf');
  }

  async start(): Promise<void> {
    this.process = this.group.start(`mosquitto-${++this.starts}`, this.binary, { args: ['-c', this.configFile] });
    const deadline = Date.now() + 10_000;
    while (!(await portOpen('127.0.0.1', this.port, 200))) {
      if (!this.process.running || Date.now() > deadline) throw new Error(`mosquitto did not listen on ${this.port}\n${this.process.output()}`);
      await delay(50);
    }
  }

  /** Removes the persistence dir (it lives outside the site's dir). */
  cleanUp(): void {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A service restart: SIGTERM (Mosquitto saves its persistence file), then start again. */
  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.process?.stop(signal, 15_000);
    await this.start();
  }
}
