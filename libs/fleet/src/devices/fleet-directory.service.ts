import { Injectable } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import type { DeviceKind } from '@lobby/contracts';
import { Clock, isUniqueViolation } from '@lobby/platform';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { DeviceTwin, TwinDevice } from './device-twin';

const NEGATIVE_CACHE_MS = 5_000;

/**
 * Which branches and devices exist, for the ingest hot path: answers from memory, falls back
 * to the database on a miss (another instance may have created it), and caches "no" briefly so
 * a bogus publisher cannot hammer the database.
 */
@Injectable()
export class FleetDirectory {
  private readonly branches = new Set<string>();
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly db: DataSource,
    private readonly twin: DeviceTwin,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    const branches = await this.db.getRepository(BranchEntity).find({ select: { id: true } });
    branches.forEach((b) => this.branches.add(b.id));
    const devices = await this.db.getRepository(DeviceEntity).find();
    devices.forEach((d) => this.twin.set(toTwin(d)));
  }

  branchAdded(id: string): void {
    this.branches.add(id);
    this.missing.delete(`b:${id}`);
  }

  async branchExists(id: string): Promise<boolean> {
    if (this.branches.has(id)) return true;
    if (this.recentlyMissing(`b:${id}`)) return false;
    const found = await this.db.getRepository(BranchEntity).existsBy({ id });
    if (found) this.branches.add(id);
    else this.missing.set(`b:${id}`, this.clock.now());
    return found;
  }

  async device(id: string): Promise<TwinDevice | undefined> {
    const held = this.twin.get(id);
    if (held) return held;
    if (this.recentlyMissing(`d:${id}`)) return undefined;
    const row = await this.db.getRepository(DeviceEntity).findOneBy({ id });
    if (!row) {
      this.missing.set(`d:${id}`, this.clock.now());
      return undefined;
    }
    const device = toTwin(row);
    this.twin.set(device);
    return device;
  }

  /** Registers a device (from a birth or by an admin); `false` when the id is taken. */
  async register(input: { id: string; branchId: string; kind: DeviceKind; name?: string | null; by: 'birth' | 'admin' }): Promise<boolean> {
    const row: DeviceEntity = Object.assign(new DeviceEntity(), {
      id: input.id,
      branchId: input.branchId,
      kind: input.kind,
      name: input.name ?? null,
      location: null,
      settings: {},
      decommissioned: false,
      reported: input.by === 'birth',
      registeredBy: input.by,
      createdAt: this.clock.now(),
      live: null,
      liveState: null,
      liveTs: null,
      liveSeq: null,
      lastSeenAt: null,
    });
    try {
      await this.db.getRepository(DeviceEntity).insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    this.missing.delete(`d:${input.id}`);
    this.twin.set(toTwin(row));
    return true;
  }

  /** Marks which of a branch's devices its agent reported in its latest birth. */
  async markReported(branchId: string, reportedIds: string[]): Promise<void> {
    const repo = this.db.getRepository(DeviceEntity);
    await repo.update({ branchId, id: Not(In(reportedIds.length ? reportedIds : ['\u0000'])) }, { reported: false });
    if (reportedIds.length) await repo.update({ branchId, id: In(reportedIds) }, { reported: true });
  }

  private recentlyMissing(key: string): boolean {
    const at = this.missing.get(key);
    if (at === undefined) return false;
    if (this.clock.now() - at < NEGATIVE_CACHE_MS) return true;
    this.missing.delete(key);
    return false;
  }
}

export function toTwin(row: DeviceEntity): TwinDevice {
  return {
    id: row.id,
    branchId: row.branchId,
    kind: row.kind,
    decommissioned: row.decommissioned,
    live: row.live,
    liveTs: row.liveTs,
    liveSeq: row.liveSeq,
    lastSeenAt: row.lastSeenAt,
  };
}
