import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AgentCredentialsService, TokenService, UsersService } from '@lobby/access';
import { AgentStateService, BranchesService, CommandsService, DeviceTwin, FleetDirectory, FleetFacts, IngestService, PersistenceBatcher, SeqTracker } from '@lobby/fleet';
import { CentralConfig, Clock, DomainEventBus, JsonLogger, Metrics, TimerHandle } from '@lobby/platform';
import { loadFleetFile } from './fleet-file';
import { CentralMqttClient } from './mqtt/central-mqtt.client';
import { EmbeddedBroker } from './mqtt/embedded-broker';
import { CentralConfigToken } from './tokens';

const EXPIRY_SWEEP_MS = 5_000;

/**
 * Start-up and shut-down in an order that loses nothing: database and seed first, then the
 * broker, then the MQTT subscription; on the way down the broker stops taking agents'
 * messages first, the write-behind batch is flushed, and only then does the client go.
 */
@Injectable()
export class CentralRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private broker?: EmbeddedBroker;
  private sweeper?: TimerHandle;
  private progress?: TimerHandle;
  mqttPort?: number;
  generatedAdminPassword?: string;

  constructor(
    @Inject(CentralConfigToken) private readonly config: CentralConfig,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly credentials: AgentCredentialsService,
    private readonly branches: BranchesService,
    private readonly directory: FleetDirectory,
    private readonly seq: SeqTracker,
    private readonly twin: DeviceTwin,
    private readonly agents: AgentStateService,
    private readonly batcher: PersistenceBatcher,
    private readonly commands: CommandsService,
    private readonly mqtt: CentralMqttClient,
    private readonly ingest: IngestService,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly events: DomainEventBus,
    private readonly facts: FleetFacts,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
    await this.directory.load();
    await this.facts.load();
    await this.seq.load();
    this.batcher.start();
    if (!this.config.mqtt.url) await this.startEmbeddedBroker();
    await this.mqtt.start((topic, payload) => this.ingest.handle(topic, payload).catch((error: Error) => this.logger.error('ingest error', { topic, error: error.message })));
    this.sweeper = this.clock.setInterval(() => void this.sweep(), EXPIRY_SWEEP_MS);
    this.progress = this.clock.setInterval(() => void this.reportProgress(), 60_000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.sweeper?.cancel();
    this.progress?.cancel();
    // Agents' publishes stop first (nothing more is acknowledged), then what was received is
    // handled and written, then the centre says goodbye: an ack never precedes the last flush.
    this.broker?.stopAccepting();
    await this.ingest.drain().catch((error: Error) => this.logger.warn('ingest drain failed', { error: error.message }));
    await this.batcher.stop();
    if (this.batcher.pending) this.logger.error('ingest store cannot write at shutdown: unwritten rows were not acknowledged and will be sent again', { rows: this.batcher.pending });
    await this.mqtt.stop().catch((error: Error) => this.logger.warn('mqtt stop failed', { error: error.message }));
    await this.broker?.close();
    this.logger.info('central server stopped');
  }

  private async seed(): Promise<void> {
    const admin = await this.users.ensureAdmin(this.config.adminPassword);
    if (admin.generatedPassword) {
      this.generatedAdminPassword = admin.generatedPassword;
      // The password never enters the structured log (logs are shipped and kept): it is printed
      // once, in plain text, on stderr.
      this.logger.warn('seeded user admin with a generated password: printed once on stderr, change it', { username: 'admin' });
      process.stderr.write(`\nGenerated password for user admin (shown once, change it): ${admin.generatedPassword}\n\n`);
    }
    await this.tokens.init(this.config.jwtSecret, this.config.tokenTtlS);
    const fleet = await loadFleetFile(this.config.fleetFile, this.logger);
    if (fleet) {
      const created = await this.branches.seed(fleet.branches);
      if (created) this.logger.info('seeded branches from the fleet file', { file: this.config.fleetFile, created });
    }
  }

  private async startEmbeddedBroker(): Promise<void> {
    this.broker = new EmbeddedBroker(this.credentials, this.logger.child('broker'), this.config.security.mqttAuth);
    this.broker.attachIngest((topic, payload) => this.ingest.handle(topic, payload));
    const broker = this.broker;
    this.events.on('credentials.replaced', ({ branchId }) => broker.disconnectAgent(branchId));
    this.mqttPort = await this.broker.listen(this.config.mqtt.port, this.config.mqtt.portExplicit);
    this.logger.info('embedded MQTT broker listening', { port: this.mqttPort });
    this.mqtt.useEmbedded(`mqtt://127.0.0.1:${this.mqttPort}`, this.broker.centralSecret);
  }

  private async sweep(): Promise<void> {
    try {
      const expired = await this.commands.expireOverdue();
      if (expired) this.logger.info('commands expired without a result', { count: expired });
    } catch (error) {
      this.logger.warn('command expiry sweep failed', { error: (error as Error).message });
    }
  }

  private async reportProgress(): Promise<void> {
    try {
      const online = await this.agents.countOnline();
      this.metrics.agentsOnline.set(online);
      this.metrics.devicesKnown.set(this.twin.size);
      this.logger.info('progress', { devices: this.twin.size, agentsOnline: online, ingestPending: this.batcher.pending, mqtt: this.mqtt.isConnected });
    } catch (error) {
      this.logger.warn('progress report failed', { error: (error as Error).message });
    }
  }
}
