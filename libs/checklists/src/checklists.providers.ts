import type { Provider } from '@nestjs/common';
import { DeviceForecastSource } from '@lobby/fleet';
import { JsonLogger } from '@lobby/platform';
import { BranchCalendars } from './branches/branch-calendars.service';
import { ChecklistConfig } from './checklist-config';
import { ChecklistDeviceSync } from './checklists/checklist-device-sync.service';
import { ChecklistEvaluator } from './checklists/checklist-evaluator.service';
import { ChecklistGenerator } from './checklists/checklist-generator.service';
import { ChecklistOverdue } from './checklists/checklist-overdue.service';
import { ChecklistPublisher } from './checklists/checklist-publisher';
import { ChecklistsService } from './checklists/checklists.service';
import { ManualRefills } from './consumables/manual-refill.service';
import { NightPowerOff } from './closing/night-power-off.service';
import { LampSwitchTest } from './checklists/lamp-switch-test.service';
import { DailyLogService } from './daily-log/daily-log.service';
import { IncidentHistory } from './daily-log/incident-history';
import { ChecklistEntity } from './entities/checklist.entity';
import { ChecklistItemEntity } from './entities/checklist-item.entity';
import { DailyLogEntity } from './entities/daily-log.entity';
import { AgentSilenceEntity } from './reports/agent-silence.entity';
import { AgentSilences } from './reports/agent-silences.service';
import { DailyRollupEntity } from './reports/daily-rollup.entity';
import { ReportsService } from './reports/reports.service';
import { RollupJob } from './reports/rollup.job';
import { RollupSource } from './reports/rollup-source.service';
import { ForecastService } from './forecast/forecast.service';
import { RefillPlanner } from './forecast/refill-planner.service';
import { BranchDayRunner } from './schedule/branch-day.runner';
import { ChecklistScheduler } from './schedule/checklist-scheduler.service';
import { loadChecklistTemplates } from './templates/template-loader';
import { CustomerFlowService } from './customer-flow/customer-flow.service';
import { MonthlyExtrasService } from './reports/monthly-extras.service';
import { QueueSampleEntity } from './queue/queue-sample.entity';
import { QueueService } from './queue/queue.service';
import { WorkLogEntity } from './work-log/work-log.entity';
import { WorkLogService } from './work-log/work-log.service';
import { WorkLogIncidents } from './work-log/work-log-incidents';

export const CHECKLIST_ENTITIES = [ChecklistEntity, ChecklistItemEntity, DailyLogEntity, DailyRollupEntity, AgentSilenceEntity, WorkLogEntity, QueueSampleEntity];

/**
 * Everything the central server provides for checklists, forecasts and the daily log. Needs from
 * the app: DataSource, Clock, JsonLogger, JobLock, SchedulerRegistry (ScheduleModule), the fleet
 * services and the alerting services.
 */
export function checklistProviders(options: { templatesFile: string }): Provider[] {
  return [
    {
      provide: ChecklistConfig,
      useFactory: (logger: JsonLogger) => {
        const { templates, source } = loadChecklistTemplates(options.templatesFile);
        logger.child('checklists').info('checklist templates loaded', { file: options.templatesFile, source });
        return new ChecklistConfig(templates);
      },
      inject: [JsonLogger],
    },
    BranchCalendars,
    ForecastService,
    { provide: DeviceForecastSource, useExisting: ForecastService },
    RefillPlanner,
    ChecklistPublisher,
    LampSwitchTest,
    ChecklistGenerator,
    ChecklistEvaluator,
    ChecklistDeviceSync,
    ChecklistOverdue,
    ChecklistsService,
    ManualRefills,
    NightPowerOff,
    IncidentHistory,
    AgentSilences,
    DailyLogService,
    BranchDayRunner,
    ChecklistScheduler,
    RollupSource,
    RollupJob,
    ReportsService,
    CustomerFlowService,
    WorkLogIncidents,
    WorkLogService,
    MonthlyExtrasService,
    QueueService,
  ];
}
