import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentCredentialsService, UsersService } from '@lobby/access';
import { CashDispenserSimulator } from '@lobby/devices';
import { BranchesService } from '@lobby/fleet';
import { ConfigError, JsonLogger, loadCentralConfig, SystemClock } from '@lobby/platform';
import { startCentralServer } from '../../central-server/src/central-server';
import { AgentProcess } from './agent-process';
import { BranchBroker } from './branch-broker';
import { printBanner } from './banner';
import { demoAgentConfig, demoDevices, demoUsers } from './demo-fleet';

const DEMO_BRANCHES = 3;

/**
 * `npm start`: the whole system on one machine — the central server with its embedded broker
 * and SQLite file, and a demo fleet: per branch an edge-agent process whose simulated devices
 * go through the real drivers, and a branch-side broker with a simulated cash recycler.
 */
async function main(): Promise<void> {
  const logger = new JsonLogger('demo');
  const clock = new SystemClock();
  const config = loadCentralConfig();
  const dataDir = resolve(process.env.DEMO_DATA_DIR ?? 'data/demo');
  mkdirSync(join(dataDir, 'agents'), { recursive: true });

  const server = await startCentralServer(config, { clock, logger: new JsonLogger('central', config.logLevel) });
  const branches = (await server.app.get(BranchesService).list(null, DEMO_BRANCHES, 0)).items.map((b) => b.id);
  if (branches.length === 0) throw new ConfigError(`no branches: the fleet file ${config.fleetFile} seeds the demo branches`);
  await seedUsers(server.app.get(UsersService), branches);

  const brokers: BranchBroker[] = [];
  const agents: AgentProcess[] = [];
  const atms: CashDispenserSimulator[] = [];
  for (const branchId of branches) {
    const broker = new BranchBroker();
    const atmBrokerUrl = await broker.listen();
    brokers.push(broker);
    const credentials = await server.app.get(AgentCredentialsService).issue(branchId);
    const configPath = join(dataDir, 'agents', `${branchId}.json`);
    const agentConfig = demoAgentConfig({ branchId, mqttUrl: server.mqttUrl, credentials, bufferPath: join(dataDir, 'buffers', branchId), atmBrokerUrl });
    writeFileSync(configPath, JSON.stringify({ ...agentConfig, logLevel: process.env.DEMO_AGENT_LOG_LEVEL ?? 'warn' }, null, 2), { mode: 0o600 });
    const agent = new AgentProcess(branchId, configPath, logger, true);
    agent.start();
    agents.push(agent);
    for (const device of demoDevices(branchId, atmBrokerUrl).filter((d) => d.kind === 'cash-dispenser')) {
      const atm = new CashDispenserSimulator({ url: atmBrokerUrl, deviceId: device.id, topic: `xfs/${device.id}/status`, clock, logger: logger.child('atm-sim') });
      await atm.start();
      atm.autoplay(clock);
      atms.push(atm);
    }
  }

  printBanner({ httpUrl: server.httpUrl, mqttUrl: server.mqttUrl, branches, adminPassword: server.generatedAdminPassword, users: demoUsers(branches) });
  logger.info('demo fleet running', { branches, agents: agents.length, http: server.httpUrl });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('demo stopping', { signal });
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(atms.map((a) => a.stop()));
    await Promise.all(brokers.map((b) => b.close()));
    await server.close();
    logger.info('demo stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function seedUsers(users: UsersService, branches: string[]): Promise<void> {
  for (const user of demoUsers(branches)) {
    await users.create(user).catch((error: { code?: string }) => {
      if (error.code !== 'conflict') throw error;
    });
  }
}

main().catch((error: unknown) => {
  new JsonLogger('demo').error('demo failed to start', { error: (error as Error).message, stack: (error as Error).stack });
  process.exit(error instanceof ConfigError ? 2 : 1);
});
