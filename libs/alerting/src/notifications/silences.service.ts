import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { canSeeBranch, listBranches, type Principal, visibleBranches } from '@lobby/access';
import { Clock, invalid, notFound } from '@lobby/platform';
import { FleetFacts } from '@lobby/fleet';
import { SilenceEntity } from '../entities/silence.entity';

export interface SilenceView {
  id: string;
  branchId: string;
  deviceId: string | null;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

export interface CreateSilenceInput {
  branchId?: string;
  deviceId?: string;
  startsAt: number;
  endsAt: number;
  reason?: string;
}

/** Planned-maintenance windows: notifications for a device or a whole branch are muted. */
@Injectable()
export class SilencesService {
  constructor(
    private readonly db: DataSource,
    private readonly facts: FleetFacts,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(SilenceEntity);
  }

  /** Creates a silence in one of the caller's branches. A device's branch is its own. */
  async create(input: CreateSilenceInput, principal: Principal): Promise<SilenceView> {
    let branchId = input.branchId;
    if (input.deviceId) {
      const device = await this.facts.device(input.deviceId);
      if (!device || !canSeeBranch(principal, device.branchId)) throw notFound(`device ${input.deviceId}`);
      if (branchId && branchId !== device.branchId) throw invalid(`device ${input.deviceId} is not in branch ${branchId}`, ['branchId: not the device’s branch']);
      branchId = device.branchId;
    }
    if (!branchId || !canSeeBranch(principal, branchId)) throw notFound(`branch ${branchId}`);
    if (!(await this.facts.branch(branchId))) throw notFound(`branch ${branchId}`);
    const row = Object.assign(new SilenceEntity(), {
      id: randomUUID(),
      branchId,
      deviceId: input.deviceId ?? null,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason ?? null,
      createdBy: principal.username,
      createdAt: this.clock.now(),
    });
    await this.repo.insert(row);
    return this.view(row);
  }

  async list(principal: Principal, query: { branch?: string; active?: boolean; limit: number; offset: number }): Promise<{ items: SilenceView[]; total: number }> {
    const qb = this.repo.createQueryBuilder('s');
    const branches = listBranches(visibleBranches(principal), query.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) qb.andWhere('s.branch_id IN (:...branches)', { branches });
    if (query.active) qb.andWhere('s.starts_at <= :now AND s.ends_at > :now', { now: this.clock.now() });
    const [rows, total] = await qb.orderBy('s.starts_at', 'DESC').addOrderBy('s.id', 'ASC').take(query.limit).skip(query.offset).getManyAndCount();
    return { items: rows.map((r) => this.view(r)), total };
  }

  async remove(id: string, principal: Principal): Promise<void> {
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeBranch(principal, row.branchId)) throw notFound(`silence ${id}`);
    await this.repo.delete({ id });
  }

  /** Whether a silence covers the device (or its whole branch) at `at`. */
  async covers(branchId: string, deviceId: string | null, at: number): Promise<boolean> {
    const qb = this.repo
      .createQueryBuilder('s')
      .where({ branchId, startsAt: LessThanOrEqual(at), endsAt: MoreThan(at) })
      .andWhere(
        new Brackets((w) => {
          w.where({ deviceId: IsNull() });
          if (deviceId) w.orWhere({ deviceId: In([deviceId]) });
        }),
      );
    return (await qb.getCount()) > 0;
  }

  private view(row: SilenceEntity): SilenceView {
    const now = this.clock.now();
    return {
      id: row.id,
      branchId: row.branchId,
      deviceId: row.deviceId,
      startsAt: new Date(row.startsAt).toISOString(),
      endsAt: new Date(row.endsAt).toISOString(),
      reason: row.reason,
      createdBy: row.createdBy,
      createdAt: new Date(row.createdAt).toISOString(),
      active: row.startsAt <= now && now < row.endsAt,
    };
  }
}
