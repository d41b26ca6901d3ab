import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceReading } from '@lobby/contracts';
import { JsonLogger, SystemClock } from '@lobby/platform';
import { DeviceDriver, SerialPorts, TicketPrinterSimulator, TransportEvent, ticketPrinterModule } from '@lobby/devices';
import { eventuallyFound } from '@lobby/runtime';

/**
 * The ticket-printer driver and its simulator on the two ends of a real pseudo-terminal pair
 * made by socat: real serialport bindings, real termios, real vanishing of the device when
 * socat dies. Symlinked pty paths stay the same across socat restarts, as a udev name would.
 */
jest.setTimeout(30_000);

const socatAvailable = spawnSync('socat', ['-V']).status === 0;
const required = process.env.REQUIRE_SERVICES === '1';
if (!socatAvailable && required) {
  throw new Error('socat is not installed but REQUIRE_SERVICES=1: install socat (apt-get install socat) to run the pty test');
}
if (!socatAvailable) {
  console.warn('serial-pty.test: socat not found, pty integration test skipped (set REQUIRE_SERVICES=1 to make this fail)');
}
const describeWithSocat = socatAvailable ? describe : describe.skip;

/** Starts `socat pty,link=A pty,link=B` and resolves once both ptys exist. */
async function startSocat(hostLink: string, deviceLink: string): Promise<ChildProcess> {
  const socat = spawn('socat', ['-d', '-d', `pty,link=${hostLink},raw,echo=0`, `pty,link=${deviceLink},raw,echo=0`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ptys = await eventuallyFound(
    () => {
      if (socat.exitCode !== null) throw new Error(`socat exited ${socat.exitCode}: ${stderr}`);
      const found = [...stderr.matchAll(/PTY is (\S+)/g)].map((m) => m[1]);
      return found.length === 2 && existsSync(hostLink) && existsSync(deviceLink) ? found : undefined;
    },
    { timeoutMs: 5000, what: 'socat ptys' },
  );
  expect(ptys.every((path) => path.startsWith('/dev/'))).toBe(true);
  return socat;
}

async function stopSocat(socat: ChildProcess | undefined): Promise<void> {
  if (!socat || socat.exitCode !== null || socat.signalCode !== null) return;
  const exited = new Promise((resolve) => socat.once('exit', resolve));
  socat.kill('SIGTERM');
  await exited;
}

describeWithSocat('serial over a socat pty pair', () => {
  const clock = new SystemClock();
  const logger = new JsonLogger('pty-test', 'error');
  const base = join(tmpdir(), `lobby-pty-${process.pid}-${Date.now()}`);
  const hostLink = `${base}-host`;
  const deviceLink = `${base}-device`;
  const backoff = { initialMs: 100, maxMs: 400 };
  // Two providers, as the agent and the device would be two processes.
  const hostPorts = new SerialPorts({ clock, logger, backoff });
  const devicePorts = new SerialPorts({ clock, logger, backoff });
  const simulator = new TicketPrinterSimulator({ clock });
  const readings: DeviceReading[] = [];
  const transport: TransportEvent[] = [];
  let socat: ChildProcess | undefined;
  let driver: DeviceDriver | undefined;

  const nextReading = (match: (r: DeviceReading) => boolean, what: string, timeoutMs = 8000): Promise<DeviceReading> => {
    const from = readings.length;
    return eventuallyFound(() => readings.slice(from).find(match), { timeoutMs, what });
  };

  beforeAll(async () => {
    socat = await startSocat(hostLink, deviceLink);
    const devicePort = devicePorts.acquire(deviceLink, 9600);
    devicePort.data$.subscribe((bytes) => simulator.receive(bytes));
    simulator.output$.subscribe((bytes) => {
      devicePort.write(bytes).catch(() => undefined);
    });
    driver = ticketPrinterModule.createDriver(
      { id: 'tp-pty', kind: 'ticket-printer', transport: { type: 'serial', path: hostLink }, settings: { pollIntervalMs: 100, timeoutMs: 150 } },
      { clock, logger, ports: hostPorts },
    );
    driver.readings$.subscribe((reading) => readings.push(reading));
    driver.transport$.subscribe((event) => transport.push(event));
    await driver.start();
  });

  afterAll(async () => {
    await driver?.stop();
    simulator.stop();
    await Promise.all([hostPorts.closeAll(), devicePorts.closeAll()]);
    await stopSocat(socat);
  });

  it('reads status and counter through the pty and sees paper near-end', async () => {
    const first = await nextReading((r) => r.link === 'up', 'first reading');
    expect(first).toMatchObject({ state: 'ok', consumables: { paper: { level: 'ok' } }, counters: { ticketsPrinted: 1000 } });
    simulator.apply('issue-ticket');
    simulator.apply('paper-near-end');
    const low = await nextReading((r) => r.consumables?.paper?.level === 'low', 'paper low');
    expect(low).toMatchObject({ link: 'up', state: 'warning', counters: { ticketsPrinted: 1001 } });
  });

  it('reports the device lost when socat dies (ptys vanish)', async () => {
    await stopSocat(socat);
    await nextReading((r) => r.link === 'down', 'link down');
    await eventuallyFound(() => transport.find((e) => e.type === 'unplugged'), { what: 'unplugged event' });
    expect(transport[0]).toMatchObject({ type: 'unplugged', path: hostLink });
    expect(existsSync(hostLink)).toBe(false);
  });

  it('recovers when socat comes back on the same symlinks', async () => {
    socat = await startSocat(hostLink, deviceLink);
    const back = await nextReading((r) => r.link === 'up', 'link up again', 15_000);
    expect(back).toMatchObject({ state: 'warning', consumables: { paper: { level: 'low' } } });
    expect(transport.map((e) => e.type)).toEqual(['unplugged', 'replugged']);
  });
});
