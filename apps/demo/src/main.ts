import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentCredentialsService, type Principal, UsersService } from '@lobby/access';
import { CashDispenserSimulator, playSimulatorScript } from '@lobby/devices';
import { BranchesService } from '@lobby/fleet';
import { ConfigError, JsonLogger, loadCentralConfig, SystemClock } from '@lobby/platform';
import { CentralServer, startCentralServer } from '../../central-server/src/central-server';
import { AgentProcess } from './agent-process';
import { printBanner } from './banner';
import { BranchBroker } from './branch-broker';
import { browserUrl, demoEnvironment } from './demo-environment';
import { BranchScene, demoAgentConfig, demoUsers } from './demo-fleet';
import { OPENING_SCENE } from './demo-scenario';
import { featuredBranch } from './open-branch';
import { watchParent } from './parent-watch';

const DEMO_BRANCHES = 3;
/** The demo's own setup reads every branch, as an admin would. */
const DEMO_SETUP: Principal = { username: 'demo', role: 'admin', branches: [] };
/** A stop that hangs (a stuck client, a stuck agent) must still end the demo. */
const STOP_DEADLINE_MS = 20_000;

const logger = new JsonLogger('demo');
const clock = new SystemClock();
let server: CentralServer | undefined;
const brokers: BranchBroker[] = [];
const agents: AgentProcess[] = [];
const atms: { simulator: CashDispenserSimulator; cancelScript(): void }[] = [];
let stopping = false;

/**
 * `npm start`: the whole system on one machine — the central server with its embedded broker
 * and SQLite file, and a demo fleet: per branch an edge-agent process whose simulated devices
 * go through the real drivers, and a branch-side broker with a simulated cash recycler. The open
 * branch with the most of its day left plays the opening scene (demo-scenario.ts).
 */
async function main(): Promise<void> {
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Under `npm start`, npm owns our lifetime: if it is killed hard, stop as if told to.
  if (process.env.npm_lifecycle_event) watchParent(() => void stop('parent-gone'));

  const { env, dataDir } = await demoEnvironment(process.env);
  const config = loadCentralConfig(env);
  mkdirSync(join(dataDir, 'agents'), { recursive: true });
  server = await startCentralServer(config, { clock, logger: new JsonLogger('central', config.logLevel) });
  const app = server.app;
  const branches = (await app.get(BranchesService).list(DEMO_SETUP, DEMO_BRANCHES, 0)).items;
  if (branches.length === 0) throw new ConfigError(`no branches: the fleet file ${config.fleetFile} seeds the demo branches`);
  const branchIds = branches.map((b) => b.id);
  const users = demoUsers(branchIds);
  await seedUsers(app.get(UsersService), users);
  const open = featuredBranch(branches, clock.now());

  // Everything the banner needs first; the agents start after it, so their start-up does not
  // hold the banner back.
  const adminPassword = env.ADMIN_PASSWORD!;
  const [prepared, adminKnown] = await Promise.all([
    Promise.all(
      branches.map(({ id }) => prepareBranch({ app, mqttUrl: server!.mqttUrl, dataDir, branchId: id, scene: id === open?.branch.id ? OPENING_SCENE : {} })),
    ),
    app
      .get(UsersService)
      .authenticate('admin', adminPassword)
      .then((principal) => principal !== null),
  ]);
  if (stopping) return;
  printBanner({
    webUrl: browserUrl(config.http.host, Number(new URL(server.httpUrl).port)),
    mqttUrl: server.mqttUrl,
    branches: branches.map(({ id, name }) => ({ id, name })),
    users,
    admin: adminKnown
      ? { password: process.env.ADMIN_PASSWORD ? '(your ADMIN_PASSWORD)' : adminPassword }
      : { hint: 'its password is the one set at the first start of this data directory' },
    open,
  });

  if (stopping) return;
  for (const branch of prepared) {
    const agent = new AgentProcess(branch.branchId, branch.configPath, logger, true);
    agents.push(agent);
    agent.start();
  }
  await Promise.all(prepared.map((branch) => startAtm(branch.atmDeviceId, branch.atmBrokerUrl, branch.scene.ATM1 ?? [])));
  logger.info('demo fleet running', { branches: branchIds, agents: agents.map((a) => a.pid), openBranch: open?.branch.id ?? null, http: server.httpUrl });
}

/** A branch's broker, its agent's credentials and config file, ready to start. */
async function prepareBranch(input: { app: CentralServer['app']; mqttUrl: string; dataDir: string; branchId: string; scene: BranchScene }) {
  const { branchId, scene } = input;
  const broker = new BranchBroker();
  brokers.push(broker);
  const atmBrokerUrl = await broker.listen();
  const credentials = await input.app.get(AgentCredentialsService).issue(branchId);
  const configPath = join(input.dataDir, 'agents', `${branchId}.json`);
  const agentConfig = demoAgentConfig({ branchId, mqttUrl: input.mqttUrl, credentials, bufferPath: join(input.dataDir, 'buffers', branchId), atmBrokerUrl, scene });
  writeFileSync(configPath, JSON.stringify({ ...agentConfig, logLevel: process.env.DEMO_AGENT_LOG_LEVEL ?? 'warn' }, null, 2), { mode: 0o600 });
  const atmDeviceId = agentConfig.devices.find((device) => device.kind === 'cash-dispenser')!.id;
  return { branchId, configPath, atmBrokerUrl, atmDeviceId, scene };
}

async function startAtm(deviceId: string, url: string, script: { atMs: number; action: string }[]): Promise<void> {
  const simulator = new CashDispenserSimulator({ url, deviceId, topic: `xfs/${deviceId}/status`, clock, logger: logger.child('atm-sim') });
  await simulator.start();
  const playing = playSimulatorScript(simulator, script, clock, {
    then: () => simulator.autoplay(clock),
    onRefused: (step, reason) => logger.warn('simulator refused a scripted action', { deviceId, action: step.action, reason }),
  });
  atms.push({ simulator, cancelScript: () => playing.cancel() });
}

/** Demo users that do not exist yet (a password changed through the API stays changed). */
async function seedUsers(service: UsersService, users: ReturnType<typeof demoUsers>): Promise<void> {
  const existing = new Set((await service.list(1000, 0)).items.map((u) => u.username));
  await Promise.all(
    users
      .filter((user) => !existing.has(user.username))
      .map((user) =>
        service.create(user).catch((error: { code?: string }) => {
          if (error.code !== 'conflict') throw error;
        }),
      ),
  );
}

/** Agents first (they flush to the centre), then the cash machines, branch brokers and the centre. */
async function stop(reason: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('demo stopping', { reason });
  setTimeout(() => {
    logger.error('demo stop took too long: exiting', { afterMs: STOP_DEADLINE_MS });
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  try {
    await Promise.all(agents.map((a) => a.stop()));
    atms.forEach((atm) => atm.cancelScript());
    await Promise.all(atms.map((atm) => atm.simulator.stop()));
    await Promise.all(brokers.map((b) => b.close()));
    await server?.close();
    logger.info('demo stopped');
    process.exit(exitCode);
  } catch (error) {
    logger.error('demo stop failed', { error: (error as Error).message });
    process.exit(1);
  }
}

main().catch(async (error: unknown) => {
  logger.error('demo failed to start', { error: (error as Error).message, stack: (error as Error).stack });
  await stop('start failed', error instanceof ConfigError ? 2 : 1);
});
