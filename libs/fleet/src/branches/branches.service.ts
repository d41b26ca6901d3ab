import { Injectable } from '@nestjs/common';
import { canSeeBranch, type Principal, visibleBranches } from '@lobby/access';
import { DataSource, In, IsNull } from 'typeorm';
import { CreateBranch, DEFAULT_OPENING_HOURS, DEFAULT_TIMEZONE, DeviceKind, SelfServiceState, UpdateBranch } from '@lobby/contracts';
import { profileOf } from '@lobby/devices';
import { Clock, conflict, DomainEventBus, isUniqueViolation, notFound } from '@lobby/platform';
import { AgentEntity } from '../entities/agent.entity';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { FleetDirectory } from '../devices/fleet-directory.service';
import { selfServiceState } from '../self-service/self-service-state';
import { SELF_SERVICE_LABELS } from '../self-service/self-service-words';

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
  selfService24h: boolean;
  nightPowerOff: DeviceKind[];
  /** 分流: what the self-service area can do now (null: no cash machine), and since when the lobby manager was told. */
  selfService: { state: SelfServiceState; label: string; notifiedState: SelfServiceState | null; since: string | null } | null;
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
      selfService24h: input.selfService24h ?? false,
      nightPowerOff: input.nightPowerOff ?? null,
      selfServiceState: null,
      selfServiceSince: null,
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
    if (patch.selfService24h !== undefined) row.selfService24h = patch.selfService24h;
    if (patch.nightPowerOff !== undefined) row.nightPowerOff = patch.nightPowerOff;
    row.updatedAt = this.clock.now();
    // The self-service state is the notifier's (a conditional update), never written from a stale read.
    const { id: _id, createdAt: _createdAt, selfServiceState: _state, selfServiceSince: _since, ...changes } = row;
    await this.repo.update({ id }, changes);
    this.events.emit('branch.changed', { branchId: id });
    return (await this.views([row]))[0];
  }

  /**
   * 分流: records the self-service state the lobby manager was told, only if the stored one is
   * still `previous` (a conditional update: another instance or a repeat tells nobody twice).
   * Returns whether this call changed it.
   */
  async recordSelfServiceState(id: string, previous: SelfServiceState | null, state: SelfServiceState, at: number): Promise<boolean> {
    const update = await this.repo.update({ id, selfServiceState: previous === null ? IsNull() : previous }, { selfServiceState: state, selfServiceSince: at });
    if (!update.affected) return false;
    this.events.emit('branch.changed', { branchId: id });
    return true;
  }

  async exists(id: string): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  /** One of the caller's branches; `notFound` when unknown or not the caller's. */
  async get(id: string, principal: Principal): Promise<BranchView> {
    const row = canSeeBranch(principal, id) ? await this.repo.findOneBy({ id }) : null;
    if (!row) throw notFound(`branch ${id}`);
    return (await this.views([row]))[0];
  }

  /** The caller's branches (an admin's: every branch). */
  async list(principal: Principal, limit: number, offset: number): Promise<{ items: BranchView[]; total: number }> {
    const visible = visibleBranches(principal);
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
      .find({ select: { branchId: true, kind: true, settings: true, liveState: true, live: true, decommissioned: true }, where: { branchId: In(ids) } });
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
        selfService24h: row.selfService24h,
        nightPowerOff: row.nightPowerOff ?? [],
        selfService: selfServiceView(row, own),
      };
    });
  }
}

function selfServiceView(row: BranchEntity, devices: Pick<DeviceEntity, 'kind' | 'live' | 'settings'>[]): BranchView['selfService'] {
  const state = selfServiceState(devices.filter((d) => profileOf(d.kind).selfService));
  if (!state) return null;
  const since = row.selfServiceSince === null ? null : new Date(row.selfServiceSince).toISOString();
  return { state, label: SELF_SERVICE_LABELS[state].zh, notifiedState: row.selfServiceState, since };
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
