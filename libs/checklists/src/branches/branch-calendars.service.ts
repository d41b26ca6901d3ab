import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BranchCalendar } from '@lobby/calendar';
import { BranchEntity } from '@lobby/fleet';

/** What checklists, forecasts and the daily log need to know about a branch. */
export interface BranchInfo {
  id: string;
  name: string;
  calendar: BranchCalendar;
  location: { lat: number; lon: number } | null;
  /** Changes whenever the zone, hours or exceptions change: schedules rebuild on a new one. */
  signature: string;
  /** When the branch was created: days that ended before it have no checklists to catch up. */
  createdAt: number;
}

/** Branch calendars in memory, read from the database (the truth across instances) and refreshed on change. */
@Injectable()
export class BranchCalendars {
  private readonly branches = new Map<string, BranchInfo>();

  constructor(private readonly db: DataSource) {}

  /** Reads every branch afresh (another instance may have changed one). */
  async loadAll(): Promise<BranchInfo[]> {
    const rows = await this.db.getRepository(BranchEntity).find({ order: { id: 'ASC' } });
    this.branches.clear();
    for (const row of rows) this.branches.set(row.id, toInfo(row));
    return [...this.branches.values()];
  }

  async refresh(id: string): Promise<BranchInfo | null> {
    const row = await this.db.getRepository(BranchEntity).findOneBy({ id });
    if (!row) {
      this.branches.delete(id);
      return null;
    }
    const info = toInfo(row);
    this.branches.set(id, info);
    return info;
  }

  async get(id: string): Promise<BranchInfo | null> {
    return this.branches.get(id) ?? this.refresh(id);
  }
}

function toInfo(row: BranchEntity): BranchInfo {
  const schedule = { timezone: row.timezone, openingHours: row.openingHours, exceptions: row.exceptions };
  return {
    id: row.id,
    name: row.name,
    calendar: new BranchCalendar(schedule),
    location: row.location,
    signature: JSON.stringify(schedule),
    createdAt: row.createdAt,
  };
}
