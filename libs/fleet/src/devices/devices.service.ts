import { Injectable, Optional } from '@nestjs/common';
import { Subject } from 'rxjs';
import { Between, DataSource, FindOptionsWhere, In } from 'typeorm';
import { listBranches } from '@lobby/access';
import type { DeviceListQuery, RegisterDevice, UpdateDevice } from '@lobby/contracts';
import { Clock, conflict, invalid, notFound } from '@lobby/platform';
import { BranchEntity } from '../entities/branch.entity';
import { DeviceEntity } from '../entities/device.entity';
import { DeviceStatusEntity } from '../entities/device-status.entity';
import { FleetEventEntity } from '../entities/fleet-event.entity';
import { DeviceTwin } from './device-twin';
import { FleetDirectory, toTwin } from './fleet-directory.service';
import { DeviceForecastSource, DeviceView, toDeviceView } from './device-view';
import { DevicePowerSchedule } from './device-power-schedule';
import { OpenAlertCounter } from './open-alert-counter';

const DAY_MS = 24 * 3600 * 1000;
const HISTORY_LIMIT = 10_000;

/** Devices for the HTTP API. Reads come from the database, the truth across instances. */
@Injectable()
export class DevicesService {
  /** A device's settings or registration changed. */
  readonly changed$ = new Subject<string>();

  constructor(
    private readonly db: DataSource,
    private readonly directory: FleetDirectory,
    private readonly twin: DeviceTwin,
    private readonly clock: Clock,
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

  async list(visible: string[] | null, query: DeviceListQuery): Promise<{ items: DeviceView[]; total: number }> {
    const where: FindOptionsWhere<DeviceEntity> = {};
    const branches = listBranches(visible, query.branch);
    if (branches?.length === 0) return { items: [], total: 0 };
    if (branches) where.branchId = In(branches);
    if (query.kind) where.kind = query.kind;
    if (query.state) where.liveState = query.state;
    const [rows, total] = await this.repo.findAndCount({ where, order: { id: 'ASC' }, take: query.limit, skip: query.offset });
    return { items: await this.views(rows), total };
  }

  /** The device, or `null` when unknown or outside `visible` (never reveal another branch's). */
  async get(id: string, visible: string[] | null): Promise<DeviceView | null> {
    const row = await this.repo.findOneBy({ id });
    if (!row || (visible && !visible.includes(row.branchId))) return null;
    return this.view(row);
  }

  async register(input: RegisterDevice): Promise<DeviceView> {
    if (!(await this.db.getRepository(BranchEntity).existsBy({ id: input.branchId }))) {
      throw invalid(`unknown branch ${input.branchId}`, [`branchId: unknown branch ${input.branchId}`]);
    }
    const created = await this.directory.register({ ...input, by: 'admin' });
    if (!created) throw conflict(`device ${input.id} already exists`);
    this.changed$.next(input.id);
    return toDeviceView(await this.repo.findOneByOrFail({ id: input.id }));
  }

  async update(id: string, patch: UpdateDevice): Promise<DeviceView> {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw notFound(`device ${id}`);
    const changes: Partial<DeviceEntity> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.location !== undefined) changes.location = patch.location;
    if (patch.settings !== undefined) changes.settings = { ...row.settings, ...patch.settings };
    if (patch.decommissioned !== undefined) changes.decommissioned = patch.decommissioned;
    // Only the columns changed here: live-state columns belong to the ingest's conditional update.
    // An empty patch changes nothing (TypeORM refuses an UPDATE without values).
    if (Object.keys(changes).length) await this.repo.update({ id }, changes);
    const updated = await this.repo.findOneByOrFail({ id });
    const held = this.twin.get(id);
    this.twin.set({ ...toTwin(updated), ...(held ? { live: held.live, liveTs: held.liveTs, liveSeq: held.liveSeq, lastSeenAt: held.lastSeenAt } : {}) });
    this.changed$.next(id);
    return toDeviceView(updated);
  }

  async history(id: string, from: number | undefined, to: number | undefined): Promise<{ statuses: object[]; events: object[] }> {
    const end = to ?? this.clock.now();
    const start = from ?? end - DAY_MS;
    const statuses = await this.db.getRepository(DeviceStatusEntity).find({
      where: { deviceId: id, ts: Between(start, end) },
      order: { ts: 'ASC', seq: 'ASC' },
      take: HISTORY_LIMIT,
    });
    const events = await this.db.getRepository(FleetEventEntity).find({
      where: { deviceId: id, ts: Between(start, end) },
      order: { ts: 'ASC', seq: 'ASC' },
      take: HISTORY_LIMIT,
    });
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
    };
  }
}
