import { Injectable } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import type { DeviceKind } from '@lobby/contracts';
import { Clock, isUniqueViolation } from '@lobby/platform';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { forEachDevicePage } from './device-pages';
import { DeviceTwin, TwinDevice } from './device-twin';
import { sharedKind } from './shared-words';

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
    // In pages, and only the twin's columns: the whole fleet at once was start-up's memory peak.
    const select = { id: true, branchId: true, kind: true, decommissioned: true, live: true, liveTs: true, liveSeq: true, lastSeenAt: true } as const;
    await forEachDevicePage(this.db, (devices) => devices.forEach((d) => this.twin.set(toTwin(d))), { select });
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

  /** The device, from memory or the database; `fresh` looks in the database even if it was just missing there. */
  async device(id: string, options: { fresh?: boolean } = {}): Promise<TwinDevice | undefined> {
    const held = this.twin.get(id);
    if (held) return held;
    if (!options.fresh && this.recentlyMissing(`d:${id}`)) return undefined;
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
  async register(input: { id: string; branchId: string; kind: DeviceKind; name?: string | null; nameEn?: string | null; location?: string | null; by: 'birth' | 'admin' }): Promise<boolean> {
    const source = input.by === 'birth' ? 'agent' : 'admin';
    const row: DeviceEntity = Object.assign(new DeviceEntity(), {
      id: input.id,
      branchId: input.branchId,
      kind: input.kind,
      name: input.name ?? null,
      nameEn: input.nameEn ?? null,
      location: input.location ?? null,
      nameSetBy: input.name ? source : null,
      locationSetBy: input.location ? source : null,
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

  /**
   * Takes the names and locations a birth gives its devices, except where an admin set one through
   * the API (that wins). Returns the ids whose name or location changed.
   */
  async applyBirthLabels(branchId: string, devices: { id: string; name?: string; nameEn?: string; location?: string }[]): Promise<string[]> {
    const labelled = devices.filter((d) => d.name !== undefined || d.nameEn !== undefined || d.location !== undefined);
    if (labelled.length === 0) return [];
    const repo = this.db.getRepository(DeviceEntity);
    const rows = new Map(
      (await repo.find({ select: { id: true, name: true, nameEn: true, nameSetBy: true, location: true, locationSetBy: true }, where: { branchId, id: In(labelled.map((d) => d.id)) } })).map((r) => [r.id, r]),
    );
    const changed: string[] = [];
    for (const device of labelled) {
      const row = rows.get(device.id);
      if (!row) continue;
      const changes: Partial<DeviceEntity> = {};
      if (device.name !== undefined && row.nameSetBy !== 'admin' && row.name !== device.name) Object.assign(changes, { name: device.name, nameSetBy: 'agent' });
      if (device.nameEn !== undefined && row.nameSetBy !== 'admin' && row.nameEn !== device.nameEn) Object.assign(changes, { nameEn: device.nameEn, nameSetBy: 'agent' });
      if (device.location !== undefined && row.locationSetBy !== 'admin' && row.location !== device.location) Object.assign(changes, { location: device.location, locationSetBy: 'agent' });
      if (Object.keys(changes).length === 0) continue;
      await repo.update({ id: device.id, branchId }, changes);
      changed.push(device.id);
    }
    return changed;
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
    kind: sharedKind(row.kind),
    decommissioned: row.decommissioned,
    live: row.live,
    liveTs: row.liveTs,
    liveSeq: row.liveSeq,
    lastSeenAt: row.lastSeenAt,
  };
}
