import { Injectable } from '@nestjs/common';
import { shiftDate } from '@lobby/calendar';
import { profileOf } from '@lobby/devices';
import { ConsumptionHistory, FleetFacts } from '@lobby/fleet';
import { Clock, invalid } from '@lobby/platform';
import type { BranchInfo } from '../branches/branch-calendars.service';
import { AgentSilences } from '../reports/agent-silences.service';
import { localDayBounds } from '../schedule/due-times';
import { BranchTickets, USUAL_WEEKS } from './customer-flow.builder';
import type { CustomerFlow, CustomerFlowDay } from './customer-flow.types';
import { CounterReading, ticketIntervals } from './ticket-intervals';

/** At most this many days in one customer-flow answer. */
export const MAX_FLOW_DAYS = 31;

/**
 * Customer flow (客流) of a branch from its ticket printers' `ticketsPrinted` counters: tickets
 * issued per hour and per day, before opening, and the busiest hours against the usual ones.
 */
@Injectable()
export class CustomerFlowService {
  constructor(
    private readonly fleet: FleetFacts,
    private readonly history: ConsumptionHistory,
    private readonly silences: AgentSilences,
    private readonly clock: Clock,
  ) {}

  /** Local dates `from`..`to` (default: today); at most {@link MAX_FLOW_DAYS} days. */
  async range(branch: BranchInfo, range: { from?: string; to?: string }): Promise<CustomerFlow> {
    const today = branch.calendar.localDate(this.clock.now());
    const to = range.to ?? range.from ?? today;
    const from = range.from ?? to;
    if (from > to) throw invalid('from must not be after to');
    const dates = datesBetween(from, to);
    if (dates.length > MAX_FLOW_DAYS) throw invalid(`at most ${MAX_FLOW_DAYS} days`);
    const tickets = await this.tickets(branch, shiftDate(from, -7 * USUAL_WEEKS), to);
    const days = dates.map((date) => this.dayOf(branch, tickets, date));
    const sum = (pick: (d: CustomerFlowDay) => number) => days.reduce((a, d) => a + pick(d), 0);
    return { branchId: branch.id, branchName: branch.name, timezone: branch.calendar.timezone, from, to, total: sum((d) => d.total), beforeOpening: sum((d) => d.beforeOpening), days };
  }

  /** One day, for the daily log. */
  async day(branch: BranchInfo, date: string): Promise<CustomerFlowDay> {
    return (await this.range(branch, { from: date, to: date })).days[0];
  }

  private dayOf(branch: BranchInfo, tickets: BranchTickets, date: string): CustomerFlowDay {
    const opening = branch.calendar.openingOn(date);
    return tickets.day({ date, zone: branch.calendar.timezone, opening: opening ? { opensAt: opening.opensAt, closesAt: opening.closesAt } : null });
  }

  /** Every ticket printer the branch has had (decommissioned ones too: their tickets were issued). */
  private async tickets(branch: BranchInfo, fromDate: string, toDate: string): Promise<BranchTickets> {
    const zone = branch.calendar.timezone;
    const from = localDayBounds(zone, fromDate).from;
    const to = Math.min(localDayBounds(zone, toDate).to, this.clock.now());
    const printers = (await this.fleet.devices(branch.id)).filter((d) => profileOf(d.kind).customerFlowCounter !== undefined);
    const silences = await this.silences.spans(branch.id, from, to);
    const out = [];
    for (const printer of printers) {
      const readings: CounterReading[] = (await this.history.readings(printer.id, from, to)).map((r) => {
        const value = r.status.counters?.ticketsPrinted;
        return { ts: r.ts, value: r.status.link === 'up' && typeof value === 'number' ? value : null };
      });
      out.push({ deviceId: printer.id, name: printer.name, intervals: ticketIntervals(readings, silences) });
    }
    return new BranchTickets(zone, out);
  }
}

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_FLOW_DAYS; d = shiftDate(d, 1)) out.push(d);
  return out;
}
