import type { ConsumptionHistory, StoredEvent, StoredReading } from './consumption-history';

/** The two history reads a forecast makes, answered by the database or by a snapshot of it. */
export interface HistoryReads {
  readings(deviceId: string, from: number, to: number): Promise<StoredReading[]>;
  lastEvent(deviceId: string, types: string[], until: number): Promise<StoredEvent | null>;
}

/**
 * A branch's history read at once (`ConsumptionHistory.readingsOf`, `lastEventsOf`) for the
 * forecasts of its devices: reads inside what was fetched are answered from memory, anything else
 * (a range starting before it, a device or event type not fetched, a later instant) goes to the
 * database as before, so a forecast made through a snapshot is the one made without it.
 */
export class HistorySnapshot implements HistoryReads {
  private constructor(
    private readonly source: ConsumptionHistory,
    private readonly from: number,
    private readonly to: number,
    private readonly held: Map<string, StoredReading[]>,
    private readonly types: Set<string>,
    private readonly events: Map<string, Map<string, StoredEvent>>,
  ) {}

  /**
   * Statuses in [from, to] of `readingsOf` (an empty list skips that read) and the newest event of
   * each of `types` at or before `to` of `eventsOf`.
   */
  static async take(source: ConsumptionHistory, at: { from: number; to: number; readingsOf: string[]; eventsOf: string[]; types: string[] }): Promise<HistorySnapshot> {
    const held = at.readingsOf.length ? await source.readingsOf(at.readingsOf, at.from, at.to) : new Map<string, StoredReading[]>();
    const events = new Map<string, Map<string, StoredEvent>>(at.eventsOf.map((id) => [id, new Map()]));
    // One read per type: the newest of each type, so any subset of `types` is answered from memory.
    for (const type of at.types) {
      for (const [deviceId, event] of await source.lastEventsOf(at.eventsOf, [type], at.to)) events.get(deviceId)?.set(type, event);
    }
    return new HistorySnapshot(source, at.from, at.to, held, new Set(at.types), events);
  }

  async readings(deviceId: string, from: number, to: number): Promise<StoredReading[]> {
    const held = this.held.get(deviceId);
    if (!held || from < this.from || to > this.to || from > to) return this.source.readings(deviceId, from, to);
    const out: StoredReading[] = [];
    let before: StoredReading | undefined;
    for (const reading of held) {
      if (reading.ts < from) before = reading;
      else if (reading.ts <= to) out.push(reading);
    }
    return before ? [before, ...out] : out;
  }

  async lastEvent(deviceId: string, types: string[], until: number): Promise<StoredEvent | null> {
    const events = this.events.get(deviceId);
    if (!events || until !== this.to || !types.every((type) => this.types.has(type))) return this.source.lastEvent(deviceId, types, until);
    let newest: StoredEvent | null = null;
    for (const type of types) {
      const event = events.get(type);
      if (event && event.ts <= until && (!newest || event.ts > newest.ts)) newest = event;
    }
    return newest;
  }
}
