import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChildProgram, delay, PtyPair, socatAvailable, startPtyPair, stopPtyPair } from '../support/processes';
import { expectNothingLost } from './support/load-case';
import { finishAgentCase } from './support/agent-case';
import { ChaosSite, withCentralSite, startAgent } from './support/chaos-site';
import { OutboxWatcher } from './support/outbox-watcher';

/**
 * Case 8 (docs/operations.md, "Fault-injection suite"): a ticket printer simulator on a socat pty,
 * a real agent on the other end. While customers take tickets, line noise (bytes that are no
 * valid ESC/POS status reply, XON/XOFF among them) is written into the cable between the good
 * replies; the cable is pulled and plugged back. Every status the agent produced must be stored,
 * the agent process must live on, and the live state must end as the printer really is.
 */
const SUITE = 'chaos serial device';
const describeWithSocat = socatAvailable(SUITE) ? describe : describe.skip;

const BRANCH = 'chaos-serial';
const DEVICE = 'chaos-serial-tp';

/** Bytes that do not match the ESC/POS reply pattern 0xx1xx10: noise the agent must discard. */
function noise(count: number): Buffer {
  const bytes: number[] = [];
  while (bytes.length < count) {
    const byte = Math.floor(Math.random() * 256);
    if ((byte & 0x93) !== 0x12) bytes.push(byte);
  }
  return Buffer.from(bytes);
}

describeWithSocat('chaos: serial cable pulled, plugged back and noisy', () => {
  let site: ChaosSite;
  withCentralSite((started) => (site = started));

  /** Customers every 300 ms and noise every 50 ms for `ms`; the noise goes in through the device end of the cable. */
  async function busyAndNoisy(pty: PtyPair, simulator: ChildProgram, ms: number): Promise<void> {
    const fd = fs.openSync(pty.devicePath, 'w');
    const end = Date.now() + ms;
    let tick = 0;
    try {
      while (Date.now() < end) {
        if (tick++ % 6 === 0) simulator.send('issue-ticket');
        fs.writeSync(fd, noise(4));
        await delay(50);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  it('case 8: a noisy serial device unplugged and replugged loses nothing and ends in its true state', async () => {
    const started = Date.now();
    const credentials = await site.createBranch(BRANCH);
    const devicePath = path.join(site.dir, 'tp-device');
    const hostPath = path.join(site.dir, 'tp-host');
    let pty = await startPtyPair(site.group, 'socat-1', devicePath, hostPath);
    let simulator = site.group.node('simulator-1', 'simulator', { args: ['--kind', 'ticket-printer', '--path', devicePath], stdin: true });
    await simulator.waitForMsg('ready');
    const bufferPath = path.join(site.dir, 'agent-serial-buffer');
    const configFile = path.join(site.dir, 'agent-serial.json');
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        branch: BRANCH,
        mqtt: { url: site.embeddedMqttUrl, username: credentials.username, password: credentials.password },
        bufferPath,
        logLevel: 'info',
        devices: [{ id: DEVICE, kind: 'ticket-printer', transport: { type: 'serial', path: hostPath }, settings: { pollIntervalMs: 250, heartbeatIntervalMs: 3_600_000 } }],
      }),
    );
    const watcher = new OutboxWatcher(bufferPath);
    watcher.start();
    const agent = await startAgent(site, 'agent-serial', configFile);
    const pid = agent.pid;

    await busyAndNoisy(pty, simulator, 5000);
    const from = agent.logs.length;
    await stopPtyPair(pty);
    await simulator.waitForExit();
    await agent.waitForMsg('device.unplugged', 10_000, from);
    const linkDown = await waitForLink(site, 'down');
    await delay(1000);

    pty = await startPtyPair(site.group, 'socat-2', devicePath, hostPath);
    simulator = site.group.node('simulator-2', 'simulator', { args: ['--kind', 'ticket-printer', '--path', devicePath], stdin: true });
    await simulator.waitForMsg('ready');
    await agent.waitForMsg('device.replugged', 30_000, from);
    await busyAndNoisy(pty, simulator, 5000);
    await delay(1500);
    const tickets = simulator.logs.filter((line) => line.msg === 'action applied' && line.action === 'issue-ticket').length;
    const aliveThroughout = agent.running && agent.pid === pid;

    const result = await finishAgentCase({
      order: 8,
      id: 'serial-unplug-noise',
      title: 'Serial device unplugged, replugged, with line noise between good replies',
      site,
      databaseUrl: site.sqliteUrl,
      branchId: BRANCH,
      agent,
      watcher,
      started,
      checks: async () => ({
        agentAlive: aliveThroughout ? 'ok' : 'the agent process did not survive the noise and the pulled cable',
        linkDownShown: linkDown,
        trueStateAtEnd: await trueState(site, 1000 + tickets),
      }),
    });
    expectNothingLost(result);
  }, 180_000);
});

async function waitForLink(site: ChaosSite, link: 'up' | 'down'): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const device = (await site.admin.get<{ link: string }>(`/api/devices/${DEVICE}`)).body;
    if (device.link === link) return 'ok';
    if (Date.now() > deadline) return `the API never showed link ${link} (it shows ${device.link})`;
    await delay(200);
  }
}

/** The printer as the second simulator has it: link up, no fault, paper ok, its ticket count. */
async function trueState(site: ChaosSite, tickets: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const device = (await site.admin.get<{ link: string; state: string; faults: string[]; counters?: Record<string, number> }>(`/api/devices/${DEVICE}`)).body;
    const shown = { link: device.link, state: device.state, faults: device.faults, tickets: device.counters?.ticketsPrinted };
    const truth = { link: 'up', state: 'ok', faults: [], tickets };
    if (JSON.stringify(shown) === JSON.stringify(truth)) return 'ok';
    if (Date.now() > deadline) return `the API shows ${JSON.stringify(shown)}, the printer is ${JSON.stringify(truth)}`;
    await delay(200);
  }
}
