import { Injectable, Optional } from '@nestjs/common';
import { DataSource, FindOptionsWhere, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { canSeeBranch, listBranches, type Principal, visibleBranches } from '@lobby/access';
import type { DeviceListQuery, RegisterDevice, UpdateDevice } from '@lobby/contracts';
import { Clock, conflict, DomainEventBus, invalid, isUniqueViolation, notFound } from '@lobby/platform';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';
import { DeviceTwin } from './device-twin';
import { FleetDirectory, toTwin } from './fleet-directory.service';
import { DeviceForecastSource, DeviceView, toDeviceView } from './device-view';
import { DevicePowerSchedule } from './device-power-schedule';
import { OpenAlertCounter } from './open-alert-counter';
import { decodeHistoryCursor, encodeHistoryCursor, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_RANGE_MS } from './history-page';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

const DAY_MS = 24 * 3600 * 1000;

/** Devices for the HTTP API. Reads come from the database, the truth across instances. */
@Injectable()
export class DevicesService {
  constructor(
    private readonly db: DataSource,
    private readonly directory: FleetDirectory,
    private readonly twin: DeviceTwin,
    private readonly clock: Clock,
    private readonly events: DomainEventBus,
    @Optional() private readonly forecasts?: DeviceForecastSource,
    @Optional() private readonly openAlerts?: OpenAlertCounter,
    @Optional() private readonly powerSchedule?: DevicePowerSchedule,
  ) {}

  private get repo() {
    return this.db.getRepository(DeviceEntity);
  }

  /** API views: open alerts counted in one query for the page, forecasts where a source is wired
   *  (a failed forecast is no forecast), and a silent device outside its schedule shown as `power-off`. */
  private async views(rows: DeviceEntity[]): Promise<DeviceView[]> {
    const counts = this.openAlerts && rows.length ? await this.openAlerts.countOpenByDevice(rows.map((r) => r.id)) : undefined;
    return Promise.all(
      rows.map(async (row) => {
        const view = toDeviceView(row, counts?.get(row.id) ?? 0);
        if (this.forecasts) view.forecast = await this.forecasts.forecast(row).catch(() => null);
        if (view.link === 'down' && this.powerSchedule && !(await this.powerSchedule.expectedOn(row, this.clock.now()).catch(() => true))) {
          view.state = 'power-off';
        }
        return view;
      }),
    );
  }

  private async view(row: DeviceEntity): Promise<DeviceView> {
    return (await this.views([row]))[0];
  }

  async list(principal: Principal, query: DeviceListQuery): Promise<{ items: DeviceView[]; total: number }> {
    const where: FindOptionsWhere<DeviceEntity> = {};
    const branches = listBranches(visibleBranches(principal), query.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) where.branchId = In(branches);
    if (query.kind) where.kind = query.kind;
    if (query.state) where.liveState = query.state;
    const [rows, total] = await this.repo.findAndCount({ where, order: { id: 'ASC' }, take: query.limit, skip: query.offset });
    return { items: await this.views(rows), total };
  }

  /** The device; `notFound` when unknown or another branch's (never reveal another branch's). */
  async get(id: string, principal: Principal): Promise<DeviceView> {
    const row = await this.repo.findOneBy({ id });
    if (!row || !canSeeBranch(principal, row.branchId)) throw notFound(`device ${id}`);
    return this.view(row);
  }

  async register(input: RegisterDevice): Promise<DeviceView> {
    if (!(await this.db.getRepository(BranchEntity).existsBy({ id: input.branchId }))) {
      throw invalid(`unknown branch ${input.branchId}`, [`branchId: unknown branch ${input.branchId}`]);
    }
    const created = await this.directory.register({ ...input, by: 'admin' });
    if (!created) throw conflict(`device ${input.id} already exists`);
    this.events.emit('device.updated', { deviceId: input.id });
    return toDeviceView(await this.repo.findOneByOrFail({ id: input.id }));
  }

  async update(id: string, patch: UpdateDevice): Promise<DeviceView> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw notFound(`device ${id}`);
    const changes: Partial<DeviceEntity> = {};
    // An admin's name or location wins over what later births say.
    if (patch.name !== undefined) Object.assign(changes, { name: patch.name, nameSetBy: 'admin' });
    if (patch.nameEn !== undefined) Object.assign(changes, { nameEn: patch.nameEn, nameSetBy: 'admin' });
    if (patch.location !== undefined) Object.assign(changes, { location: patch.location, locationSetBy: 'admin' });
    if (patch.settings !== undefined) changes.settings = { ...row.settings, ...patch.settings };
    if (patch.decommissioned !== undefined) changes.decommissioned = patch.decommissioned;
    // Only the columns changed here: live-state columns belong to the ingest's conditional update.
    // An empty patch is a valid no-op (TypeORM refuses an UPDATE without columns).
    if (Object.keys(changes).length > 0) await this.repo.update({ id }, changes);
    const updated = await this.repo.findOneByOrFail({ id });
    const held = this.twin.get(id);
    this.twin.set({ ...toTwin(updated), ...(held ? { live: held.live, liveTs: held.liveTs, liveSeq: held.liveSeq, lastSeenAt: held.lastSeenAt } : {}) });
    this.events.emit('device.updated', { deviceId: id });
    return toDeviceView(updated);
  }

  /**
   * One page of a device's history in agent-time order: at most `limit` statuses and `limit`
   * events, and `next` (a cursor for `?cursor=`) while either list has more in the range.
   */
  /**
   * A device event a person recorded by hand (已换纸, …): stored as the event the device would have
   * sent, under its own boot id so it never meets an agent's seq; two in one millisecond take the
   * next seq.
   */
  async recordManualEvent(device: { id: string; branchId: string }, bootId: string, type: string, now: number, data: Record<string, unknown>): Promise<void> {
    for (let seq = now; ; seq++) {
      try {
        const row = Object.assign(new FleetEventEntity(), { branchId: device.branchId, deviceId: device.id, bootId, seq, ts: now, receivedAt: now, type, data, historical: false });
        // `data` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
        await this.db.getRepository(FleetEventEntity).insert(row as unknown as QueryDeepPartialEntity<FleetEventEntity>);
        return;
      } catch (error) {
        if (!isUniqueViolation(error) || seq - now > 100) throw error;
      }
    }
  }

  async history(
    id: string,
    query: { from?: number; to?: number; limit?: number; cursor?: string },
  ): Promise<{ statuses: object[]; events: object[]; next: string | null }> {
    const end = query.to ?? this.clock.now();
    const start = query.from ?? end - DAY_MS;
    if (end - start > HISTORY_MAX_RANGE_MS) throw invalid(`history range longer than ${HISTORY_MAX_RANGE_MS / DAY_MS} days: page through shorter ranges`);
    const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
    const cursor = decodeHistoryCursor(query.cursor);
    const page = <T extends ObjectLiteral>(entity: new () => T, after: [number, number] | 'done' | null): Promise<T[]> => {
      if (after === 'done') return Promise.resolve([]);
      let q: SelectQueryBuilder<T> = this.db
        .getRepository(entity)
        .createQueryBuilder('h')
        .where('h.device_id = :id AND h.ts BETWEEN :start AND :end', { id, start, end });
      if (after) q = q.andWhere('(h.ts > :ts OR (h.ts = :ts AND h.seq > :seq))', { ts: after[0], seq: after[1] });
      return q.orderBy('h.ts', 'ASC').addOrderBy('h.seq', 'ASC').take(limit + 1).getMany();
    };
    const [statusRows, eventRows] = await Promise.all([page(DeviceStatusEntity, cursor.s), page(FleetEventEntity, cursor.e)]);
    const statuses = statusRows.slice(0, limit);
    const events = eventRows.slice(0, limit);
    const more = statusRows.length > limit || eventRows.length > limit;
    const position = (rows: { ts: number; seq: number }[], all: number): [number, number] | 'done' => (all > limit ? [rows[rows.length - 1].ts, rows[rows.length - 1].seq] : 'done');
    const next = more ? encodeHistoryCursor({ s: position(statuses, statusRows.length), e: position(events, eventRows.length) }) : null;
    return {
      statuses: statuses.map((s) => ({
        seq: s.seq,
        ts: new Date(s.ts).toISOString(),
        receivedAt: new Date(s.receivedAt).toISOString(),
        historical: s.historical,
        ...s.status,
      })),
      events: events.map((e) => ({
        seq: e.seq,
        ts: new Date(e.ts).toISOString(),
        receivedAt: new Date(e.receivedAt).toISOString(),
        type: e.type,
        data: e.data,
        historical: e.historical,
      })),
      next,
    };
  }
}
