import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, IsNull, MoreThanOrEqual } from 'typeorm';
import { SEVERITIES } from '@lobby/contracts';
import { AlertsService, AlertView, TasksService, TaskView } from '@lobby/alerting';
import { shiftDate } from '@lobby/calendar';
import { FleetFacts } from '@lobby/fleet';
import { Clock, DomainEventBus, JsonLogger } from '@lobby/platform';
import { BranchCalendars, BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { ForecastService } from '../forecast/forecast.service';
import { CheckContext, CheckResult, evaluateCheck } from './auto-checks';
import { ChecklistPublisher } from './checklist-publisher';
import { LampSwitchTest } from './lamp-switch-test.service';

type ItemChange = Pick<ChecklistItemEntity, 'done' | 'reasonZh' | 'reasonEn' | 'alertId' | 'taskId' | 'doneBy' | 'doneAt'>;

/**
 * Keeps auto items true to live state until the checklist is signed off: re-evaluated when a
 * device of the branch changes, when an alert of the branch is raised or cleared, and on the
 * scheduler's rounds. A failing item carries its reason and links the open alert (or refill task)
 * behind it. Evaluations of one branch never overlap; a change during one queues one more.
 */
@Injectable()
export class ChecklistEvaluator implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly db: DataSource,
    private readonly calendars: BranchCalendars,
    private readonly facts: FleetFacts,
    private readonly events: DomainEventBus,
    private readonly forecasts: ForecastService,
    private readonly alerts: AlertsService,
    private readonly tasks: TasksService,
    private readonly lampTest: LampSwitchTest,
    private readonly publisher: ChecklistPublisher,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    const evaluate = ({ branchId }: { branchId: string }) => void this.evaluateBranch(branchId);
    // Device changes come in floods (ingest): one evaluation per branch per batch.
    this.unsubscribe.push(this.events.onBatch('device.changed', (changes) => new Set(changes.map((c) => c.device.branchId)).forEach((branchId) => evaluate({ branchId }))));
    // Alerts and tasks of every instance: an alert raised on another one explains an item here too.
    for (const name of ['alert.raised', 'alert.updated', 'alert.cleared', 'task.changed'] as const) this.unsubscribe.push(this.events.on(name, evaluate, { remote: true }));
  }

  onModuleDestroy(): void {
    this.unsubscribe.forEach((off) => off());
  }

  /** Re-evaluates the branch's open checklists; resolves when an evaluation that saw every earlier change is done. */
  evaluateBranch(branchId: string): Promise<void> {
    const current = this.running.get(branchId);
    if (current) {
      this.again.add(branchId);
      return current;
    }
    const run = (async () => {
      do {
        this.again.delete(branchId);
        try {
          await this.evaluateOpen(branchId);
        } catch (error) {
          this.logger.warn('checklist evaluation failed', { branchId, error: (error as Error).message });
        }
      } while (this.again.has(branchId));
    })().finally(() => this.running.delete(branchId));
    this.running.set(branchId, run);
    return run;
  }

  /** Open (not signed-off) checklists of the branch from yesterday on. */
  async openChecklists(branch: BranchInfo): Promise<ChecklistEntity[]> {
    const since = shiftDate(branch.calendar.localDate(this.clock.now()), -1);
    return this.db.getRepository(ChecklistEntity).find({ where: { branchId: branch.id, signedOffAt: IsNull(), date: MoreThanOrEqual(since) } });
  }

  private async evaluateOpen(branchId: string): Promise<void> {
    const branch = await this.calendars.get(branchId);
    if (!branch) return;
    const open = await this.openChecklists(branch);
    if (open.length === 0) return;
    const [alerts, tasks] = await Promise.all([this.alerts.findOpen({ branchId }), this.tasks.findOpen({ branchId })]);
    for (const checklist of open) await this.evaluate(checklist, branch, { alerts, tasks });
  }

  /** Evaluates one checklist's auto items and stores what changed; `true` when something did. */
  async evaluate(checklist: ChecklistEntity, branch: BranchInfo, open?: { alerts: AlertView[]; tasks: TaskView[] }): Promise<boolean> {
    const now = this.clock.now();
    const { alerts, tasks } = open ?? { alerts: await this.alerts.findOpen({ branchId: branch.id }), tasks: await this.tasks.findOpen({ branchId: branch.id }) };
    const items = await this.db.getRepository(ChecklistItemEntity).findBy({ checklistId: checklist.id, mode: 'auto' });
    const deviceIds = [...new Set(items.map((i) => i.deviceId).filter((id): id is string => id !== null))];
    const devices = await this.facts.devicesById(deviceIds);
    // The forecasts of the whole checklist at once: a few history reads for the branch, not several per device.
    const forecasted = new Set(items.filter((i) => i.check === 'consumable' && i.deviceId).map((i) => i.deviceId!));
    const forecasts = await this.forecasts.forecastAll([...devices.values()].filter((d) => forecasted.has(d.id)));
    let changed = false;
    for (const item of items) {
      const device = item.deviceId ? devices.get(item.deviceId) : undefined;
      if (!device || !item.check) continue;
      const forecast = forecasts.get(device.id);
      const ctx: CheckContext = {
        now,
        calendar: branch.calendar,
        location: branch.location,
        closesAt: checklist.closesAt,
        device: { kind: device.kind, settings: device.settings, live: device.live },
        runsOutAt: { paper: at(forecast?.paper?.runsOutAt), ribbon: at(forecast?.ribbon?.runsOutAt) },
      };
      const result = evaluateCheck(item.check, item.params, ctx);
      const next = this.outcome(item, result, device.id, alerts, tasks, now);
      if (!differs(item, next)) continue;
      if (await this.store(checklist.id, item.itemId, next)) {
        changed = true;
        if (!item.done && next.done && item.check === 'lamp-test') await this.lampTest.restore(checklist, item, device, branch, now);
      }
    }
    if (changed) await this.publisher.publish(checklist.id);
    return changed;
  }

  private outcome(item: ChecklistItemEntity, result: CheckResult, deviceId: string, alerts: AlertView[], tasks: TaskView[], now: number): ItemChange {
    if (result.done) {
      return { done: true, reasonZh: null, reasonEn: null, alertId: null, taskId: null, doneBy: 'system', doneAt: item.done ? item.doneAt : now };
    }
    const task = item.check === 'consumable' ? tasks.find((t) => t.deviceId === deviceId && t.kind === 'refill') : undefined;
    return {
      done: false,
      reasonZh: result.reason?.zh ?? null,
      reasonEn: result.reason?.en ?? null,
      alertId: explainingAlert(alerts, deviceId, result.explainedBy)?.id ?? null,
      taskId: task?.id ?? null,
      doneBy: null,
      doneAt: null,
    };
  }

  /** Writes an item unless its checklist was signed off meanwhile (the frozen result stays). */
  private async store(checklistId: string, itemId: string, change: ItemChange): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(ChecklistItemEntity)
      .set({ ...change, evaluatedAt: this.clock.now() })
      .where('checklist_id = :checklistId AND item_id = :itemId', { checklistId, itemId })
      .andWhere('checklist_id IN (SELECT c.id FROM checklist c WHERE c.id = :checklistId AND c.signed_off_at IS NULL)')
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

/** The open alert of the device that explains a failure: the most specific type, then the most severe. */
function explainingAlert(alerts: AlertView[], deviceId: string, explainedBy: string[]): AlertView | undefined {
  const own = alerts.filter((a) => a.deviceId === deviceId || (a.deviceId === null && explainedBy.includes(a.type)));
  for (const type of explainedBy) {
    const match = own.filter((a) => a.type === type).sort(bySeverity)[0];
    if (match) return match;
  }
  return own.filter((a) => a.deviceId === deviceId).sort(bySeverity)[0];
}

const bySeverity = (a: AlertView, b: AlertView) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
const at = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

function differs(item: ChecklistItemEntity, next: ItemChange): boolean {
  return (
    item.done !== next.done ||
    item.reasonZh !== next.reasonZh ||
    item.reasonEn !== next.reasonEn ||
    item.alertId !== next.alertId ||
    item.taskId !== next.taskId
  );
}
