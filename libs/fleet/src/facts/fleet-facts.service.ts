import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { BranchCalendar } from '@lobby/calendar';
import { DomainEventBus, JsonLogger } from '@lobby/platform';
import type { AgentChange } from '../agents/agent-state.service';
import { forEachDevicePage } from '../devices/device-pages';
import { DeviceTwin } from '../devices/device-twin';
import { sharedKind, sharedRegisteredBy } from '../devices/shared-words';
import { isNewer } from '../devices/status-order';
import { AgentEntity } from '../entities/agent.entity';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import type { DeviceChange } from '../ingest/ingest.service';
import type { FleetAgent, FleetBranch, FleetDevice, FleetLive } from './fleet-facts.types';

/**
 * A safety net under the cross-instance bus (QoS 0): everything is read again every minute per
 * 10,000 devices, at least every minute and at most every 10 minutes. A full read of 100,000
 * devices costs about a second of CPU and 100,000 rows of garbage (a spike to ~28 % of a core
 * every minute on an otherwise idle server), and a fact lost on the bus is rare (the next edit or
 * reading heals it too).
 */
export function reconcileEveryMs(devices: number): number {
  return Math.min(10 * 60_000, Math.max(60_000, Math.ceil(devices / 10_000) * 60_000));
}

/**
 * Fleet facts for the other libs (alerting, checklists): branches with their calendars,
 * devices with their settings and newest live status, agents. Read once from the database and
 * kept in memory; kept in step by fleet's domain events, this instance's and other instances'
 * (an edit on one instance reaches the others over the cross-instance bus within a flush), and
 * read again in full every minute in case a bus message was lost. A fact being read again
 * is awaited by whoever asks for it meanwhile, so a handler of the same event sees the new value.
 */
@Injectable()
export class FleetFacts implements OnModuleDestroy {
  private readonly branchRows = new Map<string, FleetBranch>();
  private readonly deviceRows = new Map<string, FleetDevice>();
  /** Device ids by branch: a branch's devices without a pass over the whole fleet (10,000 branches × 100,000 devices per round otherwise). */
  private readonly branchDevices = new Map<string, Set<string>>();
  private readonly agentRows = new Map<string, FleetAgent>();
  /** Live statuses other instances applied (this instance's own are in the twin). */
  private readonly remoteLive = new Map<string, FleetLive>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Facts an event changed while a full read was under way: that read's older copy must not win. */
  private touched = new Set<string>();
  private readonly unsubscribe: (() => void)[];
  private reconciler?: NodeJS.Timeout;
  private destroyed = false;
  private loaded?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly twin: DeviceTwin,
    private readonly logger: JsonLogger,
    events: DomainEventBus,
  ) {
    const remote = { remote: true };
    this.unsubscribe = [
      events.on('branch.changed', ({ branchId }) => this.reload(`b:${branchId}`, () => this.readBranch(branchId)), remote),
      events.on('device.updated', ({ deviceId }) => this.reload(`d:${deviceId}`, () => this.readDevices({ id: deviceId })), remote),
      events.on('devices.reported', ({ branchId }) => this.reload(`r:${branchId}`, () => this.readDevices({ branchId })), remote),
      events.on('device.changed', (change, origin) => this.onDeviceChange(change, origin.remote), remote),
      events.on('agent.changed', (change) => this.onAgentChange(change), remote),
    ];
  }

  /** Reads every fact (at start-up, before MQTT; a read before that waits for it). */
  async load(): Promise<void> {
    await this.ensureLoaded();
    this.shareTwinReadings();
    if (!this.reconciler) this.scheduleReconcile();
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    clearTimeout(this.reconciler);
    this.unsubscribe.forEach((off) => off());
  }

  /** Resolves when every fact being read again has been read. */
  async idle(): Promise<void> {
    await this.ensureLoaded();
    while (this.pending.size) await Promise.all(this.pending.values());
  }

  async branch(id: string): Promise<FleetBranch | null> {
    await this.ensureLoaded();
    await this.pending.get(`b:${id}`);
    if (!this.branchRows.has(id)) await this.readBranch(id);
    return this.branchRows.get(id) ?? null;
  }

  /** Every branch, by id. */
  async branches(): Promise<FleetBranch[]> {
    await this.idle();
    return [...this.branchRows.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async device(id: string): Promise<FleetDevice | null> {
    await this.ensureLoaded();
    await this.pending.get(`d:${id}`);
    if (!this.deviceRows.has(id)) await this.readDevices({ id });
    const row = this.deviceRows.get(id);
    return row ? this.withLive(row) : null;
  }

  /** Devices by id (unknown ids are left out). */
  async devicesById(ids: string[]): Promise<Map<string, FleetDevice>> {
    await this.idle();
    const missing = ids.filter((id) => !this.deviceRows.has(id));
    if (missing.length) await this.readDevices({ id: In(missing) });
    return new Map(ids.flatMap((id) => (this.deviceRows.has(id) ? [[id, this.withLive(this.deviceRows.get(id)!)] as const] : [])));
  }

  /** Every device (with decommissioned ones), by id; or a branch's. */
  async devices(branchId?: string): Promise<FleetDevice[]> {
    await this.idle();
    const rows = branchId === undefined ? [...this.deviceRows.values()] : [...(this.branchDevices.get(branchId) ?? [])].map((id) => this.deviceRows.get(id)!);
    return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => this.withLive(d));
  }

  /** A branch's devices that are not decommissioned, by id. */
  async activeDevices(branchId: string): Promise<FleetDevice[]> {
    return (await this.devices(branchId)).filter((d) => !d.decommissioned);
  }

  /** The branch's agent as held now (kept in step by `agent.changed` of every instance). */
  agent(branchId: string): FleetAgent | undefined {
    return this.agentRows.get(branchId);
  }

  /** Agents the database calls online that were last heard before `at` (read fresh: seen-times are not cached). */
  async onlineAgentsSilentSince(at: number): Promise<FleetAgent[]> {
    const rows = await this.db.getRepository(AgentEntity).findBy({ online: true });
    return rows.filter((a) => a.lastSeenAt === null || a.lastSeenAt < at).map(toAgent);
  }

  private scheduleReconcile(): void {
    if (this.destroyed) return;
    this.reconciler = setTimeout(() => {
      void this.readAll()
        .catch((error: Error) => this.logger.warn('fleet facts not read again', { error: error.message }))
        .finally(() => this.scheduleReconcile());
    }, reconcileEveryMs(this.deviceRows.size)).unref();
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.readAll().catch((error: unknown) => {
      this.loaded = undefined; // the next read tries again
      throw error;
    });
    return this.loaded;
  }

  private withLive(row: FleetDevice): FleetDevice {
    const candidates = [this.twin.get(row.id), this.remoteLive.get(row.id)];
    let newest: FleetLive = row;
    for (const c of candidates) if (c && c.liveTs !== null && isNewer(c.liveTs, c.liveSeq ?? 0, newest.liveTs, newest.liveSeq)) newest = c;
    return { ...row, live: newest.live, liveTs: newest.liveTs, liveSeq: newest.liveSeq };
  }

  private onDeviceChange(change: DeviceChange, remote: boolean): void {
    const { device } = change;
    if (remote && device.liveTs !== null) {
      const held = this.remoteLive.get(device.id);
      if (!held || isNewer(device.liveTs, device.liveSeq ?? 0, held.liveTs, held.liveSeq)) {
        this.remoteLive.set(device.id, { live: device.live, liveTs: device.liveTs, liveSeq: device.liveSeq });
      }
    }
    if (!this.deviceRows.has(device.id)) this.reload(`d:${device.id}`, () => this.readDevices({ id: device.id }));
  }

  private onAgentChange(change: AgentChange): void {
    if (change.type === 'health') return;
    this.touched.add(`a:${change.branchId}`);
    const held = this.agentRows.get(change.branchId) ?? { branchId: change.branchId, online: false, since: 0, lastBirthAt: null, lastSeenAt: null };
    const online = change.type === 'online';
    this.agentRows.set(change.branchId, { ...held, online, since: change.at, ...(online ? { lastBirthAt: change.at, lastSeenAt: change.at } : {}) });
  }

  private reload(key: string, read: () => Promise<void>): void {
    this.touched.add(key);
    const previous = this.pending.get(key) ?? Promise.resolve();
    const next = previous
      .then(read)
      .catch((error: Error) => this.logger.warn('fleet fact not read again', { key, error: error.message }))
      .finally(() => {
        if (this.pending.get(key) === next) this.pending.delete(key);
      });
    this.pending.set(key, next);
  }

  private async readAll(): Promise<void> {
    this.touched = new Set();
    const fresh = (key: string) => !this.touched.has(key);
    // Devices in pages, each kept as it arrives: the whole fleet at once was start-up's memory peak.
    const [branches, , agents] = await Promise.all([
      this.db.getRepository(BranchEntity).find(),
      forEachDevicePage(this.db, (devices) => devices.filter((d) => fresh(`d:${d.id}`) && fresh(`r:${d.branchId}`)).forEach((d) => this.keepDevice(this.toDevice(d)))),
      this.db.getRepository(AgentEntity).find(),
    ]);
    branches.filter((b) => fresh(`b:${b.id}`)).forEach((b) => this.branchRows.set(b.id, toBranch(b)));
    agents.filter((a) => fresh(`a:${a.branchId}`)).forEach((a) => this.agentRows.set(a.branchId, toAgent(a)));
  }

  private async readBranch(id: string): Promise<void> {
    const row = await this.db.getRepository(BranchEntity).findOneBy({ id });
    if (row) this.branchRows.set(id, toBranch(row));
    else this.branchRows.delete(id);
  }

  private async readDevices(where: { id: string | ReturnType<typeof In> } | { branchId: string }): Promise<void> {
    for (const row of await this.db.getRepository(DeviceEntity).findBy(where)) this.keepDevice(this.toDevice(row));
  }

  /** The row as a fact, sharing what the twin holds of it (`sharedWithTwin`). */
  private toDevice(row: DeviceEntity): FleetDevice {
    return this.sharedWithTwin({
      id: row.id,
      branchId: row.branchId,
      kind: sharedKind(row.kind),
      name: row.name,
      nameEn: row.nameEn,
      location: row.location,
      settings: row.settings ?? {},
      decommissioned: row.decommissioned,
      reported: row.reported,
      registeredBy: sharedRegisteredBy(row.registeredBy),
      createdAt: row.createdAt,
      live: row.live,
      liveTs: row.liveTs,
      liveSeq: row.liveSeq,
    });
  }

  /**
   * Where the twin holds the same live status (the same time and sequence: the same message), the
   * fact shares the twin's reading and id strings instead of a second parsed copy of its own: with
   * 100,000 devices the two copies were most of the live heap. Readings are never changed in place
   * (a new status replaces the twin's `live`), so sharing one is safe.
   */
  private sharedWithTwin(device: FleetDevice): FleetDevice {
    const twin = this.twin.get(device.id);
    if (!twin) return device;
    return {
      ...device,
      id: twin.id,
      branchId: twin.branchId === device.branchId ? twin.branchId : device.branchId,
      live: sameStatus(twin, device) ? twin.live : device.live,
    };
  }

  /**
   * Facts read before the twin was (a start-up job asked first) hold copies of their own: they
   * are kept again, sharing the twin's (`sharedWithTwin`), map keys included.
   */
  private shareTwinReadings(): void {
    const rows = [...this.deviceRows.values()];
    this.deviceRows.clear();
    this.branchDevices.clear();
    for (const row of rows) this.keepDevice(this.sharedWithTwin(row));
  }

  private keepDevice(device: FleetDevice): void {
    const held = this.deviceRows.get(device.id);
    if (held && held.branchId !== device.branchId) this.branchDevices.get(held.branchId)?.delete(device.id);
    this.deviceRows.set(device.id, device);
    let ids = this.branchDevices.get(device.branchId);
    if (!ids) this.branchDevices.set(device.branchId, (ids = new Set()));
    ids.add(device.id);
  }
}

function toBranch(row: BranchEntity): FleetBranch {
  const schedule = { timezone: row.timezone, openingHours: row.openingHours, exceptions: row.exceptions };
  return { id: row.id, name: row.name, ...schedule, location: row.location, createdAt: row.createdAt, calendar: new BranchCalendar(schedule), signature: JSON.stringify(schedule), selfService24h: row.selfService24h, nightPowerOff: row.nightPowerOff, selfServiceState: row.selfServiceState };
}

/** The same live status: the same time and sequence are the same message (a status is applied only when newer). */
function sameStatus(a: FleetLive, b: FleetLive): boolean {
  return a.liveTs === b.liveTs && a.liveSeq === b.liveSeq;
}

function toAgent(row: AgentEntity): FleetAgent {
  return { branchId: row.branchId, online: row.online, since: row.lastBirthAt ?? 0, lastBirthAt: row.lastBirthAt, lastSeenAt: row.lastSeenAt };
}
