import { Injectable } from '@nestjs/common';
import type { BranchCalendar } from '@lobby/calendar';
import { FleetBranch, FleetFacts } from '@lobby/fleet';

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

/** Branch calendars for checklists: fleet's facts (kept in step across instances by fleet). */
@Injectable()
export class BranchCalendars {
  constructor(private readonly facts: FleetFacts) {}

  /** Every branch, by id. */
  async loadAll(): Promise<BranchInfo[]> {
    return (await this.facts.branches()).map(toInfo);
  }

  async refresh(id: string): Promise<BranchInfo | null> {
    return this.get(id);
  }

  async get(id: string): Promise<BranchInfo | null> {
    const branch = await this.facts.branch(id);
    return branch && toInfo(branch);
  }
}

function toInfo(branch: FleetBranch): BranchInfo {
  return { id: branch.id, name: branch.name, calendar: branch.calendar, location: branch.location, signature: branch.signature, createdAt: branch.createdAt };
}
