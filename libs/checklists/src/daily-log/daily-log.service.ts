import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { ConsumptionHistory, FleetDevice, FleetFacts, StoredReading } from '@lobby/fleet';
import { deviceLabel, profileOf } from '@lobby/devices';
import { Clock, isUniqueViolation } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { DailyLogEntity } from '../entities/daily-log.entity';
import { counterUsage, depletionUsage, Reading, usedAt } from '../forecast/usage-series';
import { AgentSilences } from '../reports/agent-silences.service';
import { localDayBounds } from '../schedule/due-times';
import type { StatePoint } from './availability';
import { buildDailyLog, DeviceHistory } from './daily-log.builder';
import type { DailyLog, LogChecklist, LogConsumables } from './daily-log.types';
import { IncidentHistory } from './incident-history';

const COUNTERS = ['ticketsPrinted', 'linesPrinted'] as const;

/**
 * The daily equipment log: written at closing, made final when the closing checklist is signed off
 * (or when it is overdue), stored once per (branch, date) and served from storage afterwards.
 */
@Injectable()
export class DailyLogService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly incidents: IncidentHistory,
    private readonly history: ConsumptionHistory,
    private readonly silences: AgentSilences,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(DailyLogEntity);
  }

  async stored(branchId: string, date: string): Promise<DailyLog | null> {
    return (await this.repo.findOneBy({ branchId, date }))?.content ?? null;
  }

  /** The stored log; for a day without one (today before closing), one built now and not stored. */
  async get(branch: BranchInfo, date: string): Promise<DailyLog> {
    return (await this.stored(branch.id, date)) ?? this.build(branch, date, false);
  }

  /** Builds and stores the log; a final log is never replaced by a provisional one. */
  async generate(branch: BranchInfo, date: string, final: boolean): Promise<DailyLog> {
    const content = await this.build(branch, date, final);
    const existing = await this.repo.findOneBy({ branchId: branch.id, date });
    if (existing) {
      if (existing.content.final && !final) return existing.content;
      await this.repo.update({ id: existing.id }, { content, generatedAt: this.clock.now() });
      return content;
    }
    try {
      await this.repo.insert({ id: randomUUID(), branchId: branch.id, date, generatedAt: this.clock.now(), content });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (final) await this.repo.update({ branchId: branch.id, date }, { content, generatedAt: this.clock.now() });
    }
    return content;
  }

  async build(branch: BranchInfo, date: string, final: boolean): Promise<DailyLog> {
    const now = this.clock.now();
    const day = localDayBounds(branch.calendar.timezone, date);
    const end = Math.min(day.to, now);
    const opening = branch.calendar.openingOn(date);
    const devices = await this.facts.activeDevices(branch.id);
    const readings = await this.history.readingsOf(devices.map((d) => d.id), day.from, end);
    const events = await this.history.events(devices.map((d) => d.id), ['paper.replaced', 'ribbon.replaced', 'cash.replenished'], day.from, end);
    return buildDailyLog({
      branch: { id: branch.id, name: branch.name, timezone: branch.calendar.timezone },
      date,
      day,
      opening: opening ? { opensAt: opening.opensAt, closesAt: opening.closesAt } : null,
      now,
      final,
      alerts: await this.incidents.alerts(branch.id, day.from, end),
      tasks: await this.incidents.tasks(branch.id, day.from, end),
      checklists: await this.checklists(branch.id, date, now),
      // The log covers the opening hours for every device (a light box's evening is in the reports).
      devices: devices.map((d) => deviceHistory(d, readings.get(d.id) ?? [], day.from)),
      silences: await this.silences.spans(branch.id, day.from, end),
      consumables: devices.map((d) => consumables(d, readings.get(d.id) ?? [], events, day.from, end)).filter((c): c is LogConsumables => c !== null),
    });
  }

  private async checklists(branchId: string, date: string, now: number): Promise<LogChecklist[]> {
    const rows = await this.db.getRepository(ChecklistEntity).find({ where: { branchId, date }, order: { dueAt: 'ASC' } });
    const items = rows.length ? await this.db.getRepository(ChecklistItemEntity).find({ where: { checklistId: In(rows.map((r) => r.id)) }, order: { position: 'ASC' } }) : [];
    return rows.map((row) => {
      const own = items.filter((i) => i.checklistId === row.id);
      return {
        id: row.id,
        kind: row.kind,
        dueAt: new Date(row.dueAt).toISOString(),
        complete: row.signedOffAt !== null,
        signedOffBy: row.signedOffBy,
        signedOffAt: row.signedOffAt !== null ? new Date(row.signedOffAt).toISOString() : null,
        late: row.signedOffAt !== null ? row.signedOffAt > row.overdueAt : now >= row.overdueAt,
        done: own.filter((i) => i.done).length,
        total: own.length,
        notDone: own
          .filter((i) => !i.done)
          .map((i) => {
            const reasons = i.reasonZh && i.reasonEn ? { zh: i.reasonZh, en: i.reasonEn } : null;
            return { itemId: i.itemId, title: i.titleZh, reason: reasons?.zh ?? null, titles: { zh: i.titleZh, en: i.titleEn }, reasons };
          }),
      };
    });
  }
}

/** The device's state history split at the start of the day: the last status before it, and those after. */
function deviceHistory(device: FleetDevice, readings: StoredReading[], dayStart: number): DeviceHistory {
  const point = (r: StoredReading): StatePoint => ({ ts: r.ts, link: r.status.link, state: r.status.state });
  const before = readings.filter((r) => r.ts < dayStart).pop();
  return { id: device.id, kind: device.kind, name: device.name, label: deviceLabel(device), before: before ? point(before) : null, points: readings.filter((r) => r.ts >= dayStart).map(point) };
}

function consumables(device: FleetDevice, readings: StoredReading[], events: { deviceId: string; type: string; data: Record<string, unknown> }[], from: number, end: number): LogConsumables | null {
  const own = events.filter((e) => e.deviceId === device.id);
  const counters = profileOf(device.kind).dailyLog.counters;
  const usedBetween = (values: Reading[], depletion: boolean) => {
    const series = depletion ? depletionUsage(values) : counterUsage(values);
    return (usedAt(series, end) ?? 0) - (usedAt(series, from) ?? 0);
  };
  const counter = COUNTERS.find((c) => readings.some((r) => r.status.counters?.[c] !== undefined));
  const units = [...new Set(readings.flatMap((r) => (r.status.cash ?? []).map((u) => u.unit)))];
  if (!counter && units.length === 0) return null;
  return {
    deviceId: device.id,
    kind: device.kind,
    ...(counter ? { printed: usedBetween(values(readings, (r) => r.status.counters?.[counter]), false) } : {}),
    ...(counters.includes('paperReplaced') ? { paperReplaced: own.filter((e) => e.type === 'paper.replaced').length } : {}),
    ...(counters.includes('ribbonReplaced') ? { ribbonReplaced: own.filter((e) => e.type === 'ribbon.replaced').length } : {}),
    ...(units.length
      ? {
          cash: units.map((unit) => ({
            unit,
            dispensed: usedBetween(values(readings, (r) => r.status.cash?.find((u) => u.unit === unit)?.count), true),
            replenished: own.filter((e) => e.type === 'cash.replenished' && e.data.unit === unit).length,
          })),
        }
      : {}),
  };
}

function values(readings: StoredReading[], pick: (r: StoredReading) => number | undefined): Reading[] {
  return readings.flatMap((r) => {
    const value = pick(r);
    return value === undefined ? [] : [{ ts: r.ts, value }];
  });
}
