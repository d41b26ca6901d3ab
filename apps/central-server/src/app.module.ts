import { dirname, join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACCESS_ENTITIES, AgentCredentialsService, AuditService, LoginThrottle, TokenService, UsersService } from '@lobby/access';
import { ALERTING_ENTITIES, alertingProviders } from '@lobby/alerting';
import { CHECKLIST_ENTITIES, checklistProviders } from '@lobby/checklists';
import {
  AgentStateService,
  BranchesService,
  CommandsService,
  ConsumptionHistory,
  DevicesService,
  DeviceTwin,
  FLEET_ENTITIES,
  FleetDirectory,
  FleetFacts,
  HistoryRetentionJob,
  IngestLimits,
  IngestService,
  MqttPublisher,
  PersistenceBatcher,
  SeqTracker,
} from '@lobby/fleet';
import {
  CentralConfig,
  CentralEventsBus,
  Clock,
  CrossInstanceRelay,
  dataSourceOptions,
  DomainEventBus,
  JobLock,
  JobLockEntity,
  JsonLogger,
  Metrics,
  serializeSqliteAccess,
  SettingEntity,
  SharedEventNames,
} from '@lobby/platform';
import { CentralRuntime } from './central.runtime';
import { AlertsController } from './http/alerts.controller';
import { AuditController } from './http/audit.controller';
import { AuditInterceptor } from './http/audit.interceptor';
import { AuthController } from './http/auth.controller';
import { AuthGuard } from './http/auth.guard';
import { BranchesController } from './http/branches.controller';
import { ChecklistsController } from './http/checklists.controller';
import { ConsumablesController } from './http/consumables.controller';
import { CommandsController } from './http/commands.controller';
import { CustomerFlowController } from './http/customer-flow.controller';
import { DailyLogController } from './http/daily-log.controller';
import { DevicesController } from './http/devices.controller';
import { DocsController } from './http/docs.controller';
import { HealthController } from './http/health.controller';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { LiveEventsService } from './http/live-events.service';
import { MetricsController } from './http/metrics.controller';
import { ReportsController } from './http/reports.controller';
import { SilencesController } from './http/silences.controller';
import { StreamController } from './http/stream.controller';
import { TasksController } from './http/tasks.controller';
import { WebhooksController } from './http/webhooks.controller';
import { UsersController } from './http/users.controller';
import { WorkLogController } from './http/work-log.controller';
import { MqttCentralEventsBus } from './mqtt/central-events.bus';
import { CentralMqttClient } from './mqtt/central-mqtt.client';
import { MIGRATIONS } from './migrations';
import { QueueStatusSubscriber } from './mqtt/queue-status.subscriber';
import { QueueController } from './http/queue.controller';
import { CentralConfigToken } from './tokens';

/**
 * The domain events other central instances hear of: fleet's facts (their caches stay in step)
 * and what the browsers' streams show. The rest stay on the instance that had them.
 */
export const SHARED_EVENTS: SharedEventNames = {
  names: ['branch.changed', 'device.updated', 'devices.reported', 'agent.changed', 'device.changed', 'alert.raised', 'alert.updated', 'alert.cleared', 'task.changed', 'checklist.changed', 'self-service.changed'],
};

export const ENTITIES = [...FLEET_ENTITIES, ...ACCESS_ENTITIES, ...CHECKLIST_ENTITIES, ...ALERTING_ENTITIES, SettingEntity, JobLockEntity];

export interface CentralDependencies {
  config: CentralConfig;
  clock: Clock;
  logger: JsonLogger;
  metrics: Metrics;
}

/** The central server: thin wiring of the libs' services, the MQTT adapter and the HTTP API. */
@Module({})
export class AppModule {
  static forRoot(deps: CentralDependencies): DynamicModule {
    const { config } = deps;
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.database, ENTITIES, MIGRATIONS),
          // SQLite: one connection shared by all callers, so transactions take turns.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            serializeSqliteAccess(dataSource);
            return dataSource;
          },
        }),
        ScheduleModule.forRoot(),
      ],
      controllers: [HealthController, AuthController, BranchesController, UsersController, DevicesController, CommandsController, MetricsController, DocsController, AlertsController, TasksController, SilencesController, WebhooksController, StreamController, ChecklistsController, DailyLogController, ReportsController, AuditController, CustomerFlowController, WorkLogController, QueueController, ConsumablesController],
      providers: [
        { provide: CentralConfigToken, useValue: config },
        { provide: Clock, useValue: deps.clock },
        { provide: JsonLogger, useValue: deps.logger },
        { provide: Metrics, useValue: deps.metrics },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },

        { provide: DomainEventBus, useFactory: (logger: JsonLogger) => new DomainEventBus(logger.child('events')), inject: [JsonLogger] },
        { provide: SharedEventNames, useValue: SHARED_EVENTS },
        CrossInstanceRelay,
        LiveEventsService,
        AuditService,
        { provide: JobLock, useFactory: (db: DataSource, clock: Clock) => new JobLock(db, clock), inject: [DataSource, Clock] },
        { provide: APP_FILTER, useFactory: (logger: JsonLogger) => new HttpExceptionFilter(logger.child('http')), inject: [JsonLogger] },
        UsersService,
        TokenService,
        { provide: LoginThrottle, useValue: new LoginThrottle(config.security.login) },
        AgentCredentialsService,
        DeviceTwin,
        FleetDirectory,
        FleetFacts,
        ConsumptionHistory,
        BranchesService,
        DevicesService,
        AgentStateService,
        { provide: IngestLimits, useValue: new IngestLimits(config.ingestMaxFutureMs, config.branchMaxDevices) },
        SeqTracker,
        CommandsService,
        IngestService,
        {
          provide: PersistenceBatcher,
          useFactory: (db: DataSource, clock: Clock, metrics: Metrics, logger: JsonLogger) =>
            new PersistenceBatcher(db, clock, metrics, logger.child('ingest'), config.ingestFlushMs),
          inject: [DataSource, Clock, Metrics, JsonLogger],
        },
        {
          provide: HistoryRetentionJob,
          useFactory: (db: DataSource, lock: JobLock, clock: Clock, metrics: Metrics, logger: JsonLogger) =>
            new HistoryRetentionJob(db, lock, clock, metrics, logger.child('retention'), config.retention),
          inject: [DataSource, JobLock, Clock, Metrics, JsonLogger],
        },
        {
          provide: CentralMqttClient,
          useFactory: (clock: Clock, logger: JsonLogger) =>
            new CentralMqttClient(
              {
                url: config.mqtt.url ?? 'mqtt://127.0.0.1',
                clientId: config.mqtt.clientId,
                persistentSession: config.mqtt.clientIdExplicit,
                external: config.mqtt.url !== undefined,
                shareGroup: config.mqtt.shareGroup,
              },
              clock,
              logger.child('mqtt'),
            ),
          inject: [Clock, JsonLogger],
        },
        { provide: MqttPublisher, useExisting: CentralMqttClient },
        QueueStatusSubscriber,
        { provide: CentralEventsBus, useFactory: (mqtt: CentralMqttClient) => new MqttCentralEventsBus(mqtt), inject: [CentralMqttClient] },
        ...alertingProviders(config.alertRules, config.security.webhookAllowHosts),
        // Checklist templates sit beside the fleet file (config/ by default).
        ...checklistProviders({ templatesFile: join(dirname(config.fleetFile), 'checklist-templates.yaml') }),
        CentralRuntime,
      ],
    };
  }
}
