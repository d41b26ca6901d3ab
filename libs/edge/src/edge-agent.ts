import { Subscription } from 'rxjs';
import { AgentConfig } from '@lobby/contracts';
import { defaultSimulatorHub, SerialPortProvider, SerialPorts, SimulatorHub } from '@lobby/devices';
import { Clock, JsonLogger, SystemClock } from '@lobby/runtime';
import { CommandRunner } from './command-runner';
import { DeviceModules, defaultDeviceModules } from './device-modules';
import { DeviceSupervisor } from './device-supervisor';
import { HealthReporter, DEFAULT_HEALTH_INTERVAL_MS } from './health-reporter';
import { DiskBuffer } from './outbox/disk-buffer';
import { Publisher, PublisherStats } from './publisher';
import { SequenceStore } from './sequence.store';

export const AGENT_VERSION = '0.1.0';

export interface EdgeAgentOptions {
  clock?: Clock;
  logger?: JsonLogger;
  /** Device kinds the agent can drive (default: every kind in `@lobby/devices`). */
  modules?: DeviceModules;
  /** Serial ports for drivers (default: real ports, `sim:` paths through `hub`). */
  ports?: SerialPortProvider;
  /** Where simulators for `sim:` paths are attached (default: the process-wide hub). */
  hub?: SimulatorHub;
  /** Starts the demo behaviour of simulated devices unless the config says otherwise. */
  autoplay?: boolean;
  /** Host simulators for `sim:` paths (default true); off when the caller hosts them itself
   *  (e.g. with `hostSimulators` from `@lobby/devices`), or two would answer on one bus. */
  hostSimulators?: boolean;
  agentVersion?: string;
  /** How long to wait for the retained central state before assuming the centre listens. */
  centralStateGraceMs?: number;
  reconnectPeriodMs?: number;
}

export interface EdgeAgentStats extends PublisherStats {
  commandsRun: number;
  invalidCommands: number;
}

interface Running {
  sequence: SequenceStore;
  buffer: DiskBuffer;
  publisher: Publisher;
  supervisor: DeviceSupervisor;
  commands: CommandRunner;
  health: HealthReporter;
  ownedPorts?: SerialPorts;
  subscriptions: Subscription[];
}

/**
 * One branch's edge agent: drivers → device channels → disk buffer → in-order sender → MQTT.
 * `start()` once, then `stop()` (clean: offline state, flushed buffer) or `abort()` (a crash).
 */
export class EdgeAgent {
  private readonly clock: Clock;
  private readonly logger: JsonLogger;
  private running?: Running;

  constructor(
    readonly config: AgentConfig,
    private readonly options: EdgeAgentOptions = {},
  ) {
    this.clock = options.clock ?? new SystemClock();
    this.logger = options.logger ?? new JsonLogger('edge-agent', config.logLevel, { branch: config.branch });
  }

  get bootId(): string | undefined {
    return this.running?.sequence.bootId;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error('agent already started');
    const { config, clock, logger, options } = this;
    const sequence = SequenceStore.open(config.bufferPath);
    const buffer = DiskBuffer.open(config.bufferPath, {
      clock,
      logger: logger.child('disk-buffer'),
      maxBytes: config.bufferMaxBytes,
      onDrop: () => this.running?.publisher.noteDrops(),
    });
    // The birth names each device as the config does (only the fields given).
    const birthDevices = config.devices.map(({ id, kind, name, location }) => ({ id, kind, ...(name ? { name } : {}), ...(location ? { location } : {}) }));
    const publisher = new Publisher({
      config,
      clock,
      logger: logger.child('publisher'),
      buffer,
      sequence,
      agentVersion: options.agentVersion ?? AGENT_VERSION,
      devices: birthDevices,
      centralStateGraceMs: options.centralStateGraceMs,
      reconnectPeriodMs: options.reconnectPeriodMs,
    });
    const hub = options.hub ?? defaultSimulatorHub;
    const ownedPorts = options.ports ? undefined : new SerialPorts({ clock, logger: logger.child('serial-ports'), hub });
    const supervisor = new DeviceSupervisor({
      config,
      modules: options.modules ?? defaultDeviceModules(),
      clock,
      logger,
      ports: options.ports ?? ownedPorts!,
      hub: options.hostSimulators === false ? undefined : hub,
      outbox: publisher,
      autoplay: options.autoplay,
    });
    const commands = new CommandRunner({
      branch: config.branch,
      clock,
      logger: logger.child('commands'),
      driver: (id) => supervisor.driver(id),
      publish: (topic, payload) => publisher.publishResult(topic, payload),
    });
    const health = new HealthReporter(publisher, clock, config.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS);
    const subscriptions = [
      publisher.caughtUp$.subscribe(() => supervisor.publishFresh()),
      publisher.commands$.subscribe((command) => {
        commands.handle(command.deviceId, command.payload).catch((error: unknown) => {
          logger.error('command handling failed', { error: (error as Error).message });
        });
      }),
    ];
    this.running = { sequence, buffer, publisher, supervisor, commands, health, ownedPorts, subscriptions };
    logger.info('agent starting', { bootId: sequence.bootId, seq: sequence.current, buffered: buffer.queued, devices: config.devices.length });
    await supervisor.start();
    publisher.start();
    health.start();
  }

  /** Clean shutdown: drivers stopped, `{online:false}` published, buffer flushed, disconnected. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.health.stop();
    await running.supervisor.stop();
    for (const subscription of running.subscriptions) subscription.unsubscribe();
    await running.publisher.stop();
    await running.ownedPorts?.closeAll();
    this.logger.info('agent stopped', { seq: running.sequence.current, buffered: running.buffer.queued });
  }

  /** Stops at once without any goodbye, as a crash or power cut would leave things (tests). */
  async abort(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.health.stop();
    for (const subscription of running.subscriptions) subscription.unsubscribe();
    await running.publisher.abort();
    await running.supervisor.stop();
    await running.ownedPorts?.closeAll();
  }

  stats(): EdgeAgentStats | undefined {
    const running = this.running;
    if (!running) return undefined;
    return { ...running.publisher.stats(), commandsRun: running.commands.executed, invalidCommands: running.commands.invalid };
  }
}
