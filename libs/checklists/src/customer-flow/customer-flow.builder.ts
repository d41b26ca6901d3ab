import { DateTime } from 'luxon';
import type { CustomerFlowDay, FlowBusyHour, FlowHour } from './customer-flow.types';
import { TicketInterval, ticketsByHour } from './ticket-intervals';

/** Previous same weekdays the usual profile is learned from. */
export const USUAL_WEEKS = 4;
const BUSIEST = 3;

export interface PrinterTickets {
  deviceId: string;
  name: string | null;
  intervals: TicketInterval[];
}

export interface FlowDayInput {
  date: string;
  zone: string;
  opening: { opensAt: number; closesAt: number } | null;
}

/** Per-day hourly counts of all printers of a branch, shared by the days and their usual profiles. */
export class BranchTickets {
  private readonly hours: Map<number, number>;

  constructor(
    readonly zone: string,
    readonly printers: PrinterTickets[],
  ) {
    this.hours = ticketsByHour(
      printers.flatMap((p) => p.intervals),
      zone,
    );
  }

  /** The 24 (23 or 25 where clocks change) local hours of a date with their tickets. */
  hoursOf(date: string): { hour: number; start: number; tickets: number }[] {
    const start = DateTime.fromISO(date, { zone: this.zone }).startOf('day');
    const end = start.plus({ days: 1 }).toMillis();
    const out: { hour: number; start: number; tickets: number }[] = [];
    for (let cursor = start; cursor.toMillis() < end; cursor = cursor.plus({ hours: 1 })) {
      out.push({ hour: cursor.hour, start: cursor.toMillis(), tickets: this.hours.get(cursor.toMillis()) ?? 0 });
    }
    return out;
  }

  day(input: FlowDayInput): CustomerFlowDay {
    const hours = this.hoursOf(input.date);
    const usual = this.usualProfile(input.date);
    const flowHours: FlowHour[] = hours.map((h) => ({ hour: h.hour, startsAt: iso(h.start), tickets: h.tickets, usual: usual.days ? round1(usual.byHour.get(h.hour) ?? 0) : null }));
    const dayStart = hours[0]?.start ?? 0;
    return {
      date: input.date,
      opening: input.opening ? { opensAt: iso(input.opening.opensAt), closesAt: iso(input.opening.closesAt) } : null,
      total: sum(hours.map((h) => h.tickets)),
      beforeOpening: input.opening ? this.issuedBetween(dayStart, input.opening.opensAt) : 0,
      hours: flowHours,
      busiest: busiest(flowHours),
      usualFromDays: usual.days,
      devices: this.printers.map((p) => ({ deviceId: p.deviceId, name: p.name, tickets: issued(p.intervals, dayStart, dayStart + hours.length * 3_600_000) })),
    };
  }

  /** Tickets issued in [from, to), all printers; an interval across the edge counts by its share of time. */
  issuedBetween(from: number, to: number): number {
    return sum(this.printers.map((p) => issued(p.intervals, from, to)));
  }

  /** Mean tickets per local hour over the previous same weekdays on which tickets were issued. */
  private usualProfile(date: string): { days: number; byHour: Map<number, number> } {
    const byHour = new Map<number, number>();
    let days = 0;
    for (let week = 1; week <= USUAL_WEEKS; week++) {
      const earlier = DateTime.fromISO(date, { zone: this.zone }).minus({ weeks: week }).toISODate()!;
      const hours = this.hoursOf(earlier);
      if (!hours.some((h) => h.tickets > 0)) continue;
      days += 1;
      for (const h of hours) byHour.set(h.hour, (byHour.get(h.hour) ?? 0) + h.tickets);
    }
    for (const [hour, total] of byHour) byHour.set(hour, days ? total / days : 0);
    return { days, byHour };
  }
}

function busiest(hours: FlowHour[]): FlowBusyHour[] {
  return hours
    .filter((h) => h.tickets > 0)
    .sort((a, b) => b.tickets - a.tickets || a.hour - b.hour)
    .slice(0, BUSIEST)
    .map((h) => ({ ...h, vsUsual: h.usual ? round2(h.tickets / h.usual) : null }));
}

function issued(intervals: TicketInterval[], from: number, to: number): number {
  let total = 0;
  for (const i of intervals) {
    const span = i.to - i.from;
    if (span <= 0) total += i.from >= from && i.from < to ? i.tickets : 0;
    else if (i.to > from && i.from < to) total += (i.tickets * (Math.min(to, i.to) - Math.max(from, i.from))) / span;
  }
  return Math.round(total);
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
