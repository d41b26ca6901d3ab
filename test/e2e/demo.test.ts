import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BranchCalendar } from '@lobby/calendar';
import { eventually } from '../support/eventually';
import { HttpClient } from '../support/http-client';
import { describeRunning, descendantPids, processGone } from '../support/process-tree';
import { ChildProgram, ensureBuilt, freePorts, ProcessGroup } from '../support/processes';

/**
 * `npm start` as a user runs it (after a build, as a repeat start), in a fresh data directory on
 * its own ports: what the banner promises is true through the HTTP API within two minutes, and
 * the demo leaves no process behind however it is stopped.
 */
const BANNER_TIMEOUT_MS = 90_000;
/** The README's promise, counted from the banner. */
const EVENTS_WITHIN_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

/** One `npm start` with its own ports and data directory, its stdout kept as text lines. */
class RunningDemo {
  readonly lines: string[] = [];
  bannerAt = 0;
  /** Processes seen below npm: killed at `close()` even when a failed test orphaned them. */
  private readonly seen = new Set<number>();

  private constructor(
    readonly npm: ChildProgram,
    readonly group: ProcessGroup,
    readonly dir: string,
    readonly httpPort: number,
  ) {
    let pending = '';
    npm.child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      this.lines.push(...parts);
    });
  }

  static async start(): Promise<RunningDemo> {
    const [httpPort, mqttPort] = await freePorts(2);
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'lobby-demo-e2e-'));
    const group = new ProcessGroup();
    const npm = group.start('npm start', 'npm', { args: ['start'], env: { HTTP_PORT: String(httpPort), MQTT_PORT: String(mqttPort), DEMO_DATA_DIR: dir } });
    const demo = new RunningDemo(npm, group, dir, httpPort);
    await demo.waitForLine(/Stop with Ctrl-C/, 'the banner', BANNER_TIMEOUT_MS);
    demo.bannerAt = Date.now();
    return demo;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /** The banner line that matches, or an error naming what was looked for. */
  line(pattern: RegExp, what: string): RegExpExecArray {
    for (const line of this.lines) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    throw new Error(`the banner has no ${what} (${String(pattern)}):\n${this.lines.join('\n')}`);
  }

  async waitForLine(pattern: RegExp, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.lines.some((line) => pattern.test(line))) {
      if (!this.npm.running) throw new Error(`npm start exited before printing ${what}\n${this.npm.output()}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print ${what} within ${timeoutMs} ms\n${this.npm.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Milliseconds left of the two minutes after the banner. */
  get promiseLeftMs(): number {
    return Math.max(1000, this.bannerAt + EVENTS_WITHIN_MS - Date.now());
  }

  /** The processes below npm now (the demo first), remembered for `close()`. */
  processes(): number[] {
    const pids = this.npm.pid ? descendantPids(this.npm.pid) : [];
    pids.forEach((pid) => this.seen.add(pid));
    return pids;
  }

  async close(): Promise<void> {
    this.processes();
    await this.group.killAll();
    for (const pid of this.seen) if (!processGone(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Waits (bounded) until none of `pids` runs any more; the error lists those that still do. */
async function expectAllGone(pids: number[], what: string, timeoutMs = 10_000): Promise<void> {
  await eventually(
    () => {
      const running = describeRunning(pids);
      if (running) throw new Error(`${what}: still running after ${timeoutMs} ms:\n${running}`);
    },
    timeoutMs,
    100,
  );
}

type Item = Record<string, unknown>;
const items = (body: unknown): Item[] => ((body as { items?: Item[] }).items ?? []);

describe('npm start: the demo as a user starts it', () => {
  let demo: RunningDemo;
  let manager: HttpClient;
  let branchId: string;

  beforeAll(async () => {
    await ensureBuilt();
    demo = await RunningDemo.start();
  }, BANNER_TIMEOUT_MS + 200_000);

  afterAll(async () => {
    await demo?.close();
  });

  it("prints the dashboard and API docs addresses and a working login per role; the suggested lobby manager's branch is open now", async () => {
    expect(demo.line(/Dashboard\s+(\S+)/, 'dashboard address')[1]).toBe(`http://localhost:${demo.httpPort}/`);
    const docs = demo.line(/API docs\s+(\S+)/, 'API docs address')[1];
    expect(docs).toBe(`http://localhost:${demo.httpPort}/api/docs`);
    expect((await fetch(`${demo.url}/api/docs`)).status).toBe(200);

    const [, username, password] = demo.line(/Log in now as (\S+) \/ (\S+): lobby manager of/, 'login to use now');
    manager = await new HttpClient(demo.url).login(username, password);
    const branches = items((await manager.get('/api/branches')).body);
    expect(branches).toHaveLength(1);
    branchId = branches[0].id as string;
    expect(new BranchCalendar(branches[0] as never).isOpen(Date.now())).toBe(true);

    for (const role of ['lobby manager', 'maintenance', 'cash centre', 'branch head', 'admin']) {
      const [, user, secret] = demo.line(new RegExp(`^ {4}${role}\\S*\\s+\\S+\\s+(\\S+) / (\\S+)`), `login for ${role}`);
      await new HttpClient(demo.url).login(user, secret);
    }
  });

  it('within two minutes the open branch has had paper low and out, ribbon low, a cutter fault, a lamp failure and cash low', async () => {
    const wanted = ['paper-low', 'paper-out', 'ribbon-low', 'fault:cutter-error', 'fault:lamp-failure', 'cash-low'];
    await eventually(
      async () => {
        const alerts = items((await manager.get(`/api/alerts?branch=${branchId}&limit=1000`)).body);
        const seen = new Set(alerts.map((alert) => (alert.type === 'fault' ? `fault:${String(alert.code)}` : String(alert.type))));
        expect({ branchId, missing: wanted.filter((kind) => !seen.has(kind)) }).toEqual({ branchId, missing: [] });
      },
      demo.promiseLeftMs,
      1000,
    );
  }, EVENTS_WITHIN_MS + 30_000);

  it('within two minutes maintenance has the repair tasks of the open branch and the cash centre its replenishment task', async () => {
    const maintenance = await new HttpClient(demo.url).login('maint', 'demo-maintenance');
    const cashCentre = await new HttpClient(demo.url).login('cash', 'demo-cash-centre');
    await eventually(
      async () => {
        const repairs = items((await maintenance.get(`/api/tasks?branch=${branchId}&kind=repair&limit=1000`)).body).map((task) => task.problem);
        const cash = items((await cashCentre.get(`/api/tasks?branch=${branchId}&kind=cash-replenishment&limit=1000`)).body).map((task) => task.problem);
        expect({ repairs: [...new Set(repairs)].sort(), cash: [...new Set(cash)] }).toEqual({
          repairs: expect.arrayContaining(['fault:cutter-error', 'fault:lamp-failure']),
          // A forecast may open its own task first (`cash-forecast:CASS1`); the cash-low one must be there too.
          cash: expect.arrayContaining(['cash']),
        });
      },
      demo.promiseLeftMs,
      1000,
    );
  }, EVENTS_WITHIN_MS + 30_000);

  // Needs checklists that gain the auto items of devices known after they were generated: the
  // demo's checklists are made before its agents' first births.
  it("the open branch's checklist has auto items for its devices (checklists gain device items after the births)", async () => {
    await eventually(
      async () => {
        const checklists = items((await manager.get(`/api/checklists?branch=${branchId}&limit=100`)).body);
        const autoItems = (checklist: Item) => (checklist.items as Item[]).filter((item) => item.mode === 'auto' && String(item.deviceId).startsWith(branchId)).length;
        const summary = checklists.map((checklist) => `${String(checklist.kind)} ${String(checklist.date)}: ${autoItems(checklist)} device items`);
        expect({ branchId, summary, withDeviceItems: checklists.some((checklist) => autoItems(checklist) > 0) }).toEqual({ branchId, summary, withDeviceItems: true });
      },
      demo.promiseLeftMs,
      1000,
    );
  }, EVENTS_WITHIN_MS + 30_000);

  it('SIGTERM to npm stops the central server, every agent and branch broker, and exits 0', async () => {
    const started = demo.processes();
    expect(started.length).toBeGreaterThanOrEqual(4); // the demo and three agents
    await demo.npm.stopCleanly(STOP_TIMEOUT_MS);
    await expectAllGone(started, 'after SIGTERM to npm start');
    // The ports are free again: nothing still listens.
    await expect(fetch(`${demo.url}/api/health`)).rejects.toThrow();
  }, STOP_TIMEOUT_MS + 20_000);
});

describe('a demo killed hard leaves nothing behind', () => {
  let demo: RunningDemo | undefined;

  beforeAll(async () => {
    await ensureBuilt();
  }, 200_000);

  afterEach(async () => {
    await demo?.close();
    demo = undefined;
  });

  /** The demo process (npm's child) and the agents below it, once every agent is connected. */
  async function running(): Promise<{ demoPid: number; agents: number[] }> {
    demo = await RunningDemo.start();
    const started = demo;
    await eventually(
      () => {
        const connected = new Set(started.npm.logs.filter((line) => line.msg === 'agent connected to broker').map((line) => line.branchId));
        if (connected.size < 3) throw new Error(`only ${connected.size} of 3 agents connected within 60 s\n${started.npm.output()}`);
      },
      60_000,
      200,
    );
    return eventually(
      () => {
        // `npm start` execs the demo in place of its shell: npm's one child is the demo.
        const [demoPid, ...agents] = started.processes();
        if (!demoPid) throw new Error(`no demo process under npm (${started.npm.pid})`);
        if (agents.length < 3) throw new Error(`expected three agent processes under the demo, found ${agents.length}`);
        return { demoPid, agents };
      },
      20_000,
      200,
    );
  }

  it('SIGKILL to the demo process: every agent notices and stops', async () => {
    const { demoPid, agents } = await running();
    process.kill(demoPid, 'SIGKILL');
    await expectAllGone(agents, 'agents after SIGKILL to the demo');
  }, BANNER_TIMEOUT_MS + 60_000);

  it('SIGKILL to npm: the demo notices, stops its agents and exits', async () => {
    const { demoPid, agents } = await running();
    process.kill(demo!.npm.pid!, 'SIGKILL');
    await expectAllGone([demoPid, ...agents], 'the demo and its agents after SIGKILL to npm', STOP_TIMEOUT_MS);
  }, BANNER_TIMEOUT_MS + 60_000);
});
