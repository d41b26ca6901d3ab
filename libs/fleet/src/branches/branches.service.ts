import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { CreateBranch, DEFAULT_OPENING_HOURS, DEFAULT_TIMEZONE, UpdateBranch } from '@lobby/contracts';
import { Clock, conflict, DomainEventBus, isUniqueViolation, notFound } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { FleetDirectory } from '../devices/fleet-directory.service';

export interface BranchHealth {
  devices: number;
  ok: number;
  warning: number;
  fault: number;
  offline: number;
  powerOff: number;
  linkDown: number;
  unknown: number;
}

export interface BranchView {
  id: string;
  name: string;
  timezone: string;
  openingHours: BranchEntity['openingHours'];
  exceptions: BranchEntity['exceptions'];
  location: BranchEntity['location'];
  agent: { online: boolean; version: string | null; lastSeenAt: string | null; missingSeq: number; clockSkewMs: number | null };
  health: BranchHealth;
}

/** Branches: the fleet file seeds them, the admin API changes them. */
@Injectable()
export class BranchesService {
  constructor(
    private readonly db: DataSource,
    private readonly directory: FleetDirectory,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
  ) {}

  private get repo() {
    return this.db.getRepository(BranchEntity);
  }

  async create(input: CreateBranch): Promise<BranchView> {
    const now = this.clock.now();
    const row = Object.assign(new BranchEntity(), {
      id: input.id,
      name: input.name,
      timezone: input.timezone ?? DEFAULT_TIMEZONE,
      openingHours: input.openingHours ?? DEFAULT_OPENING_HOURS,
      exceptions: input.exceptions ?? [],
      location: input.location ?? null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`branch ${input.id} already exists`);
      throw error;
    }
    this.directory.branchAdded(row.id);
    this.events.emit('branch.changed', { branchId: row.id });
    return (await this.views([row]))[0];
  }

  async update(id: string, patch: UpdateBranch): Promise<BranchView> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw notFound(`branch ${id}`);
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.timezone !== undefined) row.timezone = patch.timezone;
    if (patch.openingHours !== undefined) row.openingHours = patch.openingHours;
    if (patch.exceptions !== undefined) row.exceptions = patch.exceptions;
    if (patch.location !== undefined) row.location = patch.location;
    row.updatedAt = this.clock.now();
    const { id: _id, createdAt: _createdAt, ...changes } = row;
    await this.repo.update({ id }, changes);
    this.events.emit('branch.changed', { branchId: id });
    return (await this.views([row]))[0];
  }

  async exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  async get(id: string): Promise<BranchView | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? (await this.views([row]))[0] : null;
  }

  /** `visible` null means every branch (admin). */
  async list(visible: string[] | null, limit: number, offset: number): Promise<{ items: BranchView[]; total: number }> {
    const where = visible ? { id: In(visible) } : {};
    const [rows, total] = await this.repo.findAndCount({ where, order: { id: 'ASC' }, take: limit, skip: offset });
    return { items: await this.views(rows), total };
  }

  /** Seeds branches from the fleet file: only those not in the database yet. */
  async seed(branches: CreateBranch[]): Promise<number> {
    let created = 0;
    for (const branch of branches) {
      if (await this.repo.existsBy({ id: branch.id })) continue;
      try {
        await this.create(branch);
        created++;
      } catch (error) {
        if ((error as { code?: string }).code !== 'conflict') throw error;
      }
    }
    return created;
  }

  private async views(rows: BranchEntity[]): Promise<BranchView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const agents = await this.db.getRepository(AgentEntity).findBy({ branchId: In(ids) });
    const devices = await this.db
      .getRepository(DeviceEntity)
      .find({ select: { branchId: true, liveState: true, live: true, decommissioned: true }, where: { branchId: In(ids) } });
    return rows.map((row) => {
      const agent = agents.find((a) => a.branchId === row.id);
      const own = devices.filter((d) => d.branchId === row.id && !d.decommissioned);
      return {
        id: row.id,
        name: row.name,
        timezone: row.timezone,
        openingHours: row.openingHours,
        exceptions: row.exceptions,
        location: row.location,
        agent: {
          online: agent?.online ?? false,
          version: agent?.agentVersion ?? null,
          lastSeenAt: agent?.lastSeenAt ? new Date(agent.lastSeenAt).toISOString() : null,
          missingSeq: agent?.missingSeq ?? 0,
          clockSkewMs: agent?.health?.clockSkewMs ?? null,
        },
        health: summarize(own),
      };
    });
  }
}

function summarize(devices: Pick<DeviceEntity, 'liveState' | 'live'>[]): BranchHealth {
  const health: BranchHealth = { devices: devices.length, ok: 0, warning: 0, fault: 0, offline: 0, powerOff: 0, linkDown: 0, unknown: 0 };
  for (const d of devices) {
    if (!d.live) health.unknown++;
    else if (d.live.link === 'down') health.linkDown++;
    else if (d.liveState === 'power-off') health.powerOff++;
    else if (d.liveState) health[d.liveState]++;
  }
  return health;
}
