import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './eventually';
import { ChildProgram, freePorts, ProcessGroup } from './processes';
import { portOpen, serviceAvailable } from './services';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

/** Whether the mosquitto binary is there (REQUIRE_SERVICES=1 turns its absence into a failure). */
export const mosquittoBinaryAvailable = () => serviceAvailable(`Mosquitto (${MOSQUITTO_BIN})`, async () => existsSync(MOSQUITTO_BIN));

/**
 * A Mosquitto of the test's own, with the queue limits we ship (the machine's default config
 * drops queued QoS 1 messages under a burst): anonymous, on a free port, no persistence.
 */
export async function startMosquitto(group: ProcessGroup): Promise<{ url: string; program: ChildProgram; cleanup(): void }> {
  const [port] = await freePorts(1);
  const dir = mkdtempSync(join(tmpdir(), 'lobby-mosquitto-'));
  // Mosquitto started as root runs as its own user: it must be able to write its log here.
  chmodSync(dir, 0o777);
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 2000000',
      'max_queued_bytes 1073741824',
      'max_inflight_messages 1000',
      'log_dest stdout',
      `log_dest file ${join(dir, 'mosquitto.log')}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      '',
    ].join('\n'),
  );
  const program = group.start('mosquitto', MOSQUITTO_BIN, { args: ['-c', config] });
  await eventually(async () => {
    if (!program.running) throw new Error(`mosquitto exited\n${program.output()}`);
    if (!(await portOpen('127.0.0.1', port))) throw new Error('mosquitto not listening yet');
  }, 10_000);
  return { url: `mqtt://127.0.0.1:${port}`, program, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
