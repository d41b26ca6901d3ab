/**
 * Checklists (营业前 / 营业后), consumable forecasts and the daily equipment log (issue 5,
 * docs/checklists.md). The central server wires `checklistProviders(...)` and `CHECKLIST_ENTITIES`.
 */
export * from './checklists.providers';
export * from './checklist-config';
export * from './branches/branch-calendars.service';
export * from './templates/checklist-templates.schema';
export * from './templates/default-templates';
export * from './templates/template-loader';
export * from './templates/instantiate';
export * from './templates/device-names';
export * from './schedule/due-times';
export * from './schedule/checklist-scheduler.service';
export * from './schedule/branch-day.runner';
export * from './checklists/auto-checks';
export * from './checklists/checklist-view';
export * from './checklists/checklists.api';
export * from './checklists/checklists.service';
export * from './checklists/checklist-evaluator.service';
export * from './checklists/checklist-device-sync.service';
export * from './checklists/checklist-generator.service';
export * from './checklists/checklist-overdue.service';
export * from './checklists/checklist-publisher';
export * from './checklists/lamp-switch-test.service';
export * from './forecast/usage-series';
export * from './forecast/consumption-profile';
export * from './forecast/forecast.types';
export * from './forecast/forecast.service';
export * from './forecast/default-consumption';
export * from './forecast/refill-planner.service';
export * from './forecast/consumption-history';
export * from './daily-log/daily-log.types';
export * from './daily-log/availability';
export * from './daily-log/daily-log.builder';
export * from './daily-log/daily-log.html';
export * from './daily-log/daily-log.service';
export * from './daily-log/incident-history';
export * from './entities/checklist.entity';
export * from './entities/checklist-item.entity';
export * from './entities/daily-log.entity';
