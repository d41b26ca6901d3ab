import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsumptionHistory, DevicePowerSchedule, FleetFacts, StoredReading } from '@lobby/fleet';
import type { BranchInfo } from '../branches/branch-calendars.service';
import type { StatePoint } from '../daily-log/availability';
import { ChecklistEntity } from '../entities/checklist.entity';
import { counterUsage, usedAt } from '../forecast/usage-series';
import { localDayBounds } from '../schedule/due-times';
import { AgentSilences } from './agent-silences.service';
import { DayRollup, FaultRecord, RollupDevice, rollUpDay } from './day-rollup';
import { expectedSpans } from './expected-hours';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * Gathers one branch day from the raw history (statuses, events, alerts, checklists) and rolls it
 * up. Used once per finished day by the rollup job, and for today's partial day on request.
 */
@Injectable()
export class RollupSource {
  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly history: ConsumptionHistory,
    private readonly silences: AgentSilences,
    @Optional() private readonly schedule?: DevicePowerSchedule,
  ) {}

  async day(branch: BranchInfo, date: string, now: number): Promise<DayRollup[]> {
    const day = localDayBounds(branch.calendar.timezone, date);
    const end = Math.min(day.to, now);
    const window = branch.calendar.openingOn(date);
    const opening = window ? { from: window.opensAt, to: window.closesAt } : null;
    const rows = await this.facts.activeDevices(branch.id);
    const known = rows.filter((d) => d.createdAt < end);
    const events = await this.history.events(known.map((d) => d.id), ['paper.replaced', 'ribbon.replaced'], day.from, end);
    const history = await this.history.readingsOf(known.map((d) => d.id), day.from, end);
    const devices: RollupDevice[] = [];
    for (const device of known) {
      const readings = history.get(device.id) ?? [];
      const own = events.filter((e) => e.deviceId === device.id);
      devices.push({
        id: device.id,
        kind: device.kind,
        ...split(readings, day.from),
        expected: await expectedSpans(device, day, this.schedule),
        ticketsPrinted: ticketsPrinted(readings, day.from, end),
        paperRolls: own.filter((e) => e.type === 'paper.replaced').length,
        ribbons: own.filter((e) => e.type === 'ribbon.replaced').length,
      });
    }
    const checklists = await this.db.getRepository(ChecklistEntity).find({ where: { branchId: branch.id, date } });
    return rollUpDay({
      branchId: branch.id,
      date,
      day,
      expected: opening,
      now,
      devices,
      silences: await this.silences.spans(branch.id, day.from, end),
      faults: await this.faults(branch.id, day.from, end),
      checklists: checklists.map((c) => ({ dueAt: c.dueAt, overdueAt: c.overdueAt, signedOffAt: c.signedOffAt })),
    });
  }

  /** Fault alerts of the branch raised, acknowledged or cleared in [from, to). Reads the alerting table directly, as the daily log does. */
  private async faults(branchId: string, from: number, to: number): Promise<FaultRecord[]> {
    const rows = await this.db
      .createQueryBuilder()
      .select('a.device_id', 'device_id')
      .addSelect('a.raised_at', 'raised_at')
      .addSelect('a.acked_at', 'acked_at')
      .addSelect('a.cleared_at', 'cleared_at')
      .from('alert', 'a')
      .where('a.branch_id = :branchId', { branchId })
      .andWhere("a.type = 'fault'")
      .andWhere('a.device_id IS NOT NULL')
      .andWhere(
        '((a.raised_at >= :from AND a.raised_at < :to) OR (a.acked_at >= :from AND a.acked_at < :to) OR (a.cleared_at >= :from AND a.cleared_at < :to))',
        { from, to },
      )
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({ deviceId: String(r.device_id), raisedAt: num(r.raised_at)!, ackedAt: num(r.acked_at), clearedAt: num(r.cleared_at) }));
  }
}

/** The state history split at the start of the day: the last status before it, and those after. */
function split(readings: StoredReading[], startsAt: number): { before: StatePoint | null; points: StatePoint[] } {
  const point = (r: StoredReading): StatePoint => ({ ts: r.ts, link: r.status.link, state: r.status.state });
  const before = readings.filter((r) => r.ts < startsAt).pop();
  return { before: before ? point(before) : null, points: readings.filter((r) => r.ts >= startsAt).map(point) };
}

function ticketsPrinted(readings: StoredReading[], from: number, end: number): number {
  const values = readings.flatMap((r) => (r.status.counters?.ticketsPrinted === undefined ? [] : [{ ts: r.ts, value: r.status.counters.ticketsPrinted }]));
  if (values.length === 0) return 0;
  const series = counterUsage(values);
  return Math.max(0, (usedAt(series, end) ?? 0) - (usedAt(series, from) ?? 0));
}
