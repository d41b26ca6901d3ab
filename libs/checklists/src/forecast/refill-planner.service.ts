import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { both, DEFAULT_LOCALE, forecastProblem, refillsConsumable, spacedZh, t, TaskKind } from '@lobby/contracts';
import { TasksService } from '@lobby/alerting';
import { deviceLabel, forecastKinds } from '@lobby/devices';
import { FleetFacts } from '@lobby/fleet';
import { Clock, JsonLogger } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { ForecastService } from './forecast.service';
import type { ConsumableForecast } from './forecast.types';

const HOUR = 3_600_000;

/**
 * Opens refill (and cash-replenishment) tasks early: when the forecast says a roll, ribbon or
 * cassette runs out before today's closing, the task is there before opening, not at 14:30 in
 * front of a queue. Problems are `paper-forecast`, `ribbon-forecast`, `cash-forecast:{unit}`:
 * one open task each per device (TasksService keeps that), and each at most once a day here.
 * A device that already has a task being worked on for the same consumable (an alert's `paper`,
 * `cash`, or an earlier forecast's) gets no second one: one visit refills it.
 */
@Injectable()
export class RefillPlanner {
  /** `device:problem:date` → when planned; pruned after two days. */
  private readonly planned = new Map<string, number>();
  private prunedAt = 0;

  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly forecasts: ForecastService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  /** Plans for the branch day `date` (closing at `closesAt`); returns the tasks opened now. */
  async plan(branch: BranchInfo, date: string, closesAt: number): Promise<number> {
    const now = this.clock.now();
    if (now >= closesAt) return 0;
    this.prune(now);
    const kinds: string[] = forecastKinds();
    const devices = (await this.facts.activeDevices(branch.id)).filter((d) => kinds.includes(d.kind));
    let opened = 0;
    const forecasts = await this.forecasts.forecastAll(devices);
    for (const device of devices) {
      const forecast = forecasts.get(device.id);
      if (!forecast) continue;
      const needs: [string, 'paper' | 'ribbon' | 'cash', ConsumableForecast | undefined, TaskKind][] = [
        [forecastProblem('paper'), 'paper', forecast.paper, 'refill'],
        [forecastProblem('ribbon'), 'ribbon', forecast.ribbon, 'refill'],
        ...Object.entries(forecast.cash ?? {}).map(([unit, f]): [string, 'cash', ConsumableForecast, TaskKind] => [forecastProblem('cash', unit), 'cash', f, 'cash-replenishment']),
      ];
      let working: string[] | null = null;
      for (const [problem, what, f, kind] of needs) {
        const runsOutAt = f?.runsOutAt ? Date.parse(f.runsOutAt) : null;
        if (runsOutAt === null || runsOutAt >= closesAt || f?.remaining === 0) continue;
        const key = `${device.id}:${problem}:${date}`;
        if (this.planned.has(key)) continue;
        working ??= (await this.tasks.findOpen({ deviceId: device.id })).map((task) => task.problem);
        if (working.some((held) => refillsConsumable(held, what))) continue;
        const time = branch.calendar.localTime(runsOutAt);
        // A task's history note is one text: the default locale's (the title and notifications carry both).
        const note = t(DEFAULT_LOCALE, 'forecast.runsOut', { device: spacedZh(deviceLabel(device)), time, consumable: both(`consumable.${what}`), action: both(`refill.${what}`) });
        try {
          await this.tasks.open({ kind, branchId: branch.id, deviceId: device.id, problem, severity: 'minor', note, at: now });
          this.planned.set(key, now);
          working.push(problem);
          opened++;
        } catch (error) {
          this.logger.warn('refill task not opened', { deviceId: device.id, problem, error: (error as Error).message });
        }
      }
    }
    return opened;
  }

  private prune(now: number): void {
    if (now - this.prunedAt < HOUR) return;
    this.prunedAt = now;
    for (const [key, at] of this.planned) if (now - at > 48 * HOUR) this.planned.delete(key);
  }
}
