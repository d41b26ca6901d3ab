import type { ChecklistTemplates } from './templates/checklist-templates.schema';
import type { ScheduleSettings } from './schedule/due-times';

/** The validated templates file: item templates per checklist kind and the schedule settings. */
export class ChecklistConfig {
  constructor(readonly templates: ChecklistTemplates) {}

  get schedule(): ScheduleSettings {
    return this.templates.schedule;
  }

  get openingLeadMs(): number {
    return this.templates.schedule.openingLeadMinutes * 60_000;
  }
}
