/** Tickets issued in one local hour of a day, beside the same weekday's usual figure for that hour. */
export interface FlowHour {
  /** Local hour of day, 0..23. */
  hour: number;
  startsAt: string;
  tickets: number;
  /** Mean tickets in this hour on the same weekday over the previous weeks with tickets; `null` without such days. */
  usual: number | null;
}

export interface FlowBusyHour extends FlowHour {
  /** tickets / usual; `null` without a usual figure (or a usual of 0). */
  vsUsual: number | null;
}

/** One branch-local day of customer flow (客流), from the ticket printers' counters. */
export interface CustomerFlowDay {
  date: string;
  /** `null` on a closed day. */
  opening: { opensAt: string; closesAt: string } | null;
  /** Tickets issued (取号数) over the day, all printers together. */
  total: number;
  /** Tickets issued before opening (营业前取号), from the start of the day; 0 on a closed day. */
  beforeOpening: number;
  hours: FlowHour[];
  /** The three busiest hours (most tickets first), each with the same weekday's usual figure. */
  busiest: FlowBusyHour[];
  /** How many previous same weekdays the usual figures come from. */
  usualFromDays: number;
  devices: { deviceId: string; name: string | null; tickets: number }[];
}

/** `GET /api/branches/{id}/customer-flow`. */
export interface CustomerFlow {
  branchId: string;
  branchName: string;
  timezone: string;
  from: string;
  to: string;
  total: number;
  beforeOpening: number;
  days: CustomerFlowDay[];
}
