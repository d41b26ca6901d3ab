import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVICES_REQUIRED } from './services';

/**
 * The real programs as a user starts them (`node dist/apps/…/main.js`), for end-to-end suites:
 * build once, spawn with env and args, read their JSON log lines, stop with a signal and check
 * the exit, and socat pty pairs standing in for serial cables.
 */

export const REPO_ROOT = path.resolve(__dirname, '../..');

export const PROGRAMS = {
  central: 'dist/apps/central-server/src/main.js',
  agent: 'dist/apps/edge-agent/src/main.js',
  simulator: 'dist/apps/device-simulator/src/main.js',
  demo: 'dist/apps/demo/src/main.js',
} as const;

/** What the programs are built from. */
const SOURCE_ROOTS = ['apps/central-server/src', 'apps/edge-agent/src', 'apps/device-simulator/src', 'apps/demo/src', 'libs'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const BUILD_TIMEOUT_MS = 180_000;
const LOCK_STALE_MS = BUILD_TIMEOUT_MS + 30_000;
const RUN_MARKER_MAX_AGE_MS = 3_600_000;

let built: Promise<void> | undefined;

const REPO_KEY = createHash('sha1').update(REPO_ROOT).digest('hex').slice(0, 12);
/** One jest run: its main process (jest forks its workers, which have `process.send`). */
const RUN_PID = process.send ? process.ppid : process.pid;
const RUN_MARKER = path.join(tmpdir(), `lobby-e2e-built-${REPO_KEY}-${RUN_PID}`);

/**
 * Runs `npm run build` unless every program's entry file exists and is newer than every source
 * file. At most once per jest run (jest gives each suite fresh modules, so a marker file in the
 * temp dir remembers it): all suites of a run test the same binaries even while sources change.
 * Across runs a lock file makes a second builder wait and then find the build fresh.
 */
export function ensureBuilt(): Promise<void> {
  built ??= buildOncePerRun().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

async function buildOncePerRun(): Promise<void> {
  removeMarkersOfEndedRuns();
  // The age check guards against a pid that came round again.
  if ((mtimeOf(RUN_MARKER) ?? 0) > Date.now() - RUN_MARKER_MAX_AGE_MS && !entriesMissing()) return;
  await buildIfStale();
  fs.writeFileSync(RUN_MARKER, new Date().toISOString());
}

/** Exit hooks do not run inside jest's test context, so ended runs' markers are swept here. */
function removeMarkersOfEndedRuns(): void {
  const prefix = `lobby-e2e-built-${REPO_KEY}-`;
  for (const name of fs.readdirSync(tmpdir())) {
    if (name.startsWith(prefix) && !pidAlive(Number(name.slice(prefix.length)))) fs.rmSync(path.join(tmpdir(), name), { force: true });
  }
}

async function buildIfStale(): Promise<void> {
  if (!buildIsStale()) return;
  const release = await acquireLock(path.join(tmpdir(), `lobby-e2e-build-${REPO_KEY}.lock`));
  try {
    if (!buildIsStale()) return;
    const result = await run('npm', ['run', 'build'], REPO_ROOT, BUILD_TIMEOUT_MS);
    if (result.code !== 0) throw new Error(`npm run build failed (exit ${String(result.code)}):\n${result.output.slice(-4000)}`);
    // Not "fresh" again: someone may have saved a source file while it built.
    if (entriesMissing()) throw new Error(`npm run build succeeded but one of ${Object.values(PROGRAMS).join(', ')} is missing`);
  } finally {
    release();
  }
}

function entriesMissing(): boolean {
  return Object.values(PROGRAMS).some((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
}

/** Whether an entry file is missing or older than the newest source file. */
export function buildIsStale(): boolean {
  const entries = Object.values(PROGRAMS).map((file) => mtimeOf(path.join(REPO_ROOT, file)));
  if (entries.some((mtime) => mtime === undefined)) return true;
  const oldestEntry = Math.min(...(entries as number[]));
  return newestSourceMtime() > oldestEntry;
}

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, mtimeOf(full) ?? 0);
    }
  };
  for (const root of SOURCE_ROOTS) if (fs.existsSync(path.join(REPO_ROOT, root))) visit(path.join(REPO_ROOT, root));
  for (const file of SOURCE_FILES) newest = Math.max(newest, mtimeOf(path.join(REPO_ROOT, file)) ?? 0);
  return newest;
}

function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** An exclusive lock file; a lock left by a dead or long-gone builder is taken over. */
async function acquireLock(file: string): Promise<() => void> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale(file) || Date.now() > deadline) fs.rmSync(file, { force: true });
    else await delay(250);
  }
}

function lockIsStale(file: string): boolean {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    const age = Date.now() - fs.statSync(file).mtimeMs;
    return !pidAlive(pid) || age > LOCK_STALE_MS;
  } catch {
    return false; // just released
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `count` distinct free TCP ports on 127.0.0.1 (held together while chosen, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

export interface LogLine {
  ts?: string;
  level?: string;
  context?: string;
  msg?: string;
  [field: string]: unknown;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Keep stdin open as a pipe for `send()` (default: /dev/null). */
  stdin?: boolean;
}

const OUTPUT_TAIL_LINES = 60;

/**
 * A child process whose stdout JSON lines are collected as `logs` (other output is kept as text
 * for error messages). `E2E_ECHO=1` mirrors every line to the test's stderr, prefixed by name.
 */
export class ChildProgram {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<ExitInfo>;
  private readonly tail: string[] = [];
  private exit?: ExitInfo;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise<ExitInfo>((resolve) => {
      child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      child.once('error', (error) => {
        this.remember(`[spawn error] ${error.message}`);
        this.exit ??= { code: null, signal: null };
        resolve(this.exit);
      });
    });
    this.readLines(child.stdout, (line) => this.onStdout(line));
    this.readLines(child.stderr, (line) => this.remember(`[stderr] ${line}`));
    // Writing to a child that just died must not crash the test process.
    child.stdin?.on('error', () => undefined);
  }

  static start(name: string, command: string, options: StartOptions = {}): ChildProgram {
    const child = spawn(command, options.args ?? [], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv(options.env ?? {}),
      stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    return new ChildProgram(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitInfo(): ExitInfo | undefined {
    return this.exit;
  }

  find(match: (line: LogLine) => boolean): LogLine | undefined {
    return this.logs.find(match);
  }

  /** The first log line (from `from` on) that matches; fails early if the process exits. */
  async waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 20_000, from = 0): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.slice(from).find(match);
      if (found) return found;
      if (!this.running) throw new Error(`${this.name} exited (${describeExit(this.exit)}) before logging ${what}\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not log ${what} within ${timeoutMs} ms\n${this.output()}`);
      await delay(50);
    }
  }

  waitForMsg(msg: string, timeoutMs?: number, from?: number): Promise<LogLine> {
    return this.waitForLog((line) => line.msg === msg, `"msg":"${msg}"`, timeoutMs, from);
  }

  /** One line on stdin. */
  send(line: string): void {
    if (!this.child.stdin) throw new Error(`${this.name} was started without stdin`);
    if (!this.running) throw new Error(`${this.name} is not running (${describeExit(this.exit)})`);
    this.child.stdin.write(`${line}\n`);
  }

  /** Sends `signal` and waits for the exit; SIGKILL and an error if it takes longer than `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<ExitInfo> {
    if (!this.running) return this.exit!;
    this.child.kill(signal);
    const timedOut = Symbol('timeout');
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([this.exited, new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), timeoutMs)))]);
    clearTimeout(timer);
    if (outcome !== timedOut) return outcome;
    this.child.kill('SIGKILL');
    await this.exited;
    throw new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}: killed\n${this.output()}`);
  }

  /** SIGTERM and the documented clean exit: code 0. */
  async stopCleanly(timeoutMs?: number): Promise<void> {
    const exit = await this.stop('SIGTERM', timeoutMs);
    if (exit.code !== 0) throw new Error(`${this.name} did not exit cleanly after SIGTERM (${describeExit(exit)})\n${this.output()}`);
  }

  /** Waits for the process to end by itself; an error (and SIGKILL) if it is still running after `timeoutMs`. */
  async waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([this.exited, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)))]);
    clearTimeout(timer);
    if (outcome) return outcome;
    this.child.kill('SIGKILL');
    await this.exited;
    throw new Error(`${this.name} was expected to exit within ${timeoutMs} ms but still ran: killed\n${this.output()}`);
  }

  /** A crash: SIGKILL, no goodbye. */
  kill(): Promise<ExitInfo> {
    return this.stop('SIGKILL', 10_000);
  }

  /** The last lines of output, for failure messages. */
  output(): string {
    return [`--- last output of ${this.name} (pid ${String(this.pid)}) ---`, ...this.tail].join('\n');
  }

  private onStdout(line: string): void {
    this.remember(line);
    if (!line.startsWith('{')) return;
    try {
      this.logs.push(JSON.parse(line) as LogLine);
    } catch {
      // not a JSON log line: kept in the tail only
    }
  }

  private remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > OUTPUT_TAIL_LINES) this.tail.shift();
    if (process.env.E2E_ECHO === '1') process.stderr.write(`[${this.name}] ${line}\n`);
  }

  private readLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
    if (!stream) return;
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
      pending = '';
    });
  }
}

function describeExit(exit: ExitInfo | undefined): string {
  if (!exit) return 'still running';
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}

/** Variables of the product that must come from the test, never from the developer's shell. */
const PRODUCT_ENV = [
  'HTTP_PORT',
  'HTTP_HOST',
  'MQTT_URL',
  'MQTT_PORT',
  'MQTT_SHARE_GROUP',
  'MQTT_CLIENT_ID',
  'DATABASE_URL',
  'ADMIN_PASSWORD',
  'JWT_SECRET',
  'TOKEN_TTL_S',
  'LOG_LEVEL',
  'CORS_ORIGINS',
  'METRICS_TOKEN',
  'FLEET_FILE',
  'INGEST_FLUSH_MS',
  'INGEST_MAX_FUTURE_MS',
  'BRANCH_MAX_DEVICES',
  'DEMO_DATA_DIR',
  'DEMO_AGENT_LOG_LEVEL',
];

function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PRODUCT_ENV) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * Every program a suite started, so `afterAll` can kill whatever is still running even when a
 * test failed half-way.
 */
export class ProcessGroup {
  private readonly programs: ChildProgram[] = [];

  start(name: string, command: string, options?: StartOptions): ChildProgram {
    const program = ChildProgram.start(name, command, options);
    this.programs.push(program);
    return program;
  }

  /** `node dist/…/main.js` of one of the built programs. */
  node(name: string, program: keyof typeof PROGRAMS, options: StartOptions = {}): ChildProgram {
    return this.start(name, process.execPath, { ...options, args: [path.join(REPO_ROOT, PROGRAMS[program]), ...(options.args ?? [])] });
  }

  get running(): ChildProgram[] {
    return this.programs.filter((program) => program.running);
  }

  /** SIGKILLs everything still running and waits for the exits. */
  async killAll(): Promise<void> {
    await Promise.all(this.running.map((program) => program.kill().catch(() => undefined)));
  }
}

/** Whether socat can be run; with REQUIRE_SERVICES=1 a missing socat is an error, else a warning. */
export function socatAvailable(suite: string): boolean {
  if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0) return true;
  if (SERVICES_REQUIRED) throw new Error(`${suite}: socat is required (REQUIRE_SERVICES=1) but not installed (apt-get install socat)`);
  // Straight to stderr: jest drops console output of a suite whose tests are all skipped.
  process.stderr.write(`${suite}: socat is not installed: skipped (install socat, or set REQUIRE_SERVICES=1 to make this fail)\n`);
  return false;
}

/** A socat pty pair whose two ends have stable paths (`link=`), as udev names give real adapters. */
export interface PtyPair {
  readonly socat: ChildProgram;
  /** Where the device (simulator) opens. */
  readonly devicePath: string;
  /** Where the agent opens. */
  readonly hostPath: string;
}

/** Starts `socat pty,raw,echo=0,link=DEVICE pty,raw,echo=0,link=HOST` and waits for both links. */
export async function startPtyPair(group: ProcessGroup, name: string, devicePath: string, hostPath: string, timeoutMs = 5000): Promise<PtyPair> {
  const socat = group.start(name, 'socat', {
    args: ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`],
  });
  const deadline = Date.now() + timeoutMs;
  while (!(fs.existsSync(devicePath) && fs.existsSync(hostPath))) {
    if (!socat.running || Date.now() > deadline) {
      await socat.kill().catch(() => undefined);
      throw new Error(`socat did not make the ptys ${devicePath} and ${hostPath}\n${socat.output()}`);
    }
    await delay(20);
  }
  return { socat, devicePath, hostPath };
}

/** Kills socat (the cable is pulled: both ptys vanish) and waits until the links are gone. */
export async function stopPtyPair(pair: PtyPair): Promise<void> {
  await pair.socat.stop('SIGTERM', 5000);
  const deadline = Date.now() + 5000;
  while (fs.existsSync(pair.devicePath) || fs.existsSync(pair.hostPath)) {
    if (Date.now() > deadline) throw new Error(`socat left ${pair.devicePath} or ${pair.hostPath} behind`);
    await delay(20);
  }
}
