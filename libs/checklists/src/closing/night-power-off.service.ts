import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Between, DataSource, IsNull, Like, Not } from 'typeorm';
import { KIND_COMMANDS } from '@lobby/contracts';
import { CommandsService, FleetDevice, FleetDirectory, FleetFacts } from '@lobby/fleet';
import { Clock, DomainEventBus, isUniqueViolation, JsonLogger, TimerHandle } from '@lobby/platform';
import { ChecklistPublisher } from '../checklists/checklist-publisher';
import { ChecklistEntity } from '../entities/checklist.entity';
import { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { POWER_OFF_WORDS } from './night-power-off-words';

const ITEM_PREFIX = 'power-off.';
/** The closing template's item that checks a device is off (docs/checklists.md). */
const POWERED_OFF_ITEM = 'powered-off';
/** Items go after the template's. */
const FIRST_POSITION = 1000;
const ROUND_MS = 60_000;
/** Signed-off closing checklists are looked at this long after closing (a restart catches up). */
const LOOK_BACK_MS = 36 * 3_600_000;

type PowerOffParams = ChecklistItemEntity['params'] & { commandId?: string };

/**
 * 营业后关机: once a closing checklist is signed off and the branch's closing time has passed, the
 * devices marked for night power-off (the device's `nightPowerOff` setting, else the branch's
 * `nightPowerOff` kinds) get `power.off`, and the checklist gains one item per device that records
 * the command's result (on success the template's `powered-off` item of the device is ticked too,
 * since a signed-off checklist is no longer re-evaluated). The item row is written before the command is sent (its key is unique), so
 * two instances or a restart never send it twice.
 */
@Injectable()
export class NightPowerOff implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void)[] = [];
  private round?: TimerHandle;
  private running?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly events: DomainEventBus,
    private readonly fleet: FleetFacts,
    private readonly commands: CommandsService,
    private readonly directory: FleetDirectory,
    private readonly publisher: ChecklistPublisher,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = [
      this.events.on('checklist.signed-off', ({ checklistId, kind }) => {
        if (kind === 'closing') void this.guard(() => this.signedOff(checklistId));
      }),
      this.events.on('command.finished', () => void this.guard(() => this.recordResults())),
    ];
    this.round = this.clock.setInterval(() => void this.roundOnce(), ROUND_MS);
  }

  onModuleDestroy(): void {
    this.round?.cancel();
    this.unsubscribe.forEach((off) => off());
  }

  /** A round skipped while the last one still runs (a manual clock may fire many at once). */
  private roundOnce(): Promise<void> {
    this.running ??= this.guard(() => this.tick()).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Signed-off closing checklists past their closing time, then the results that came in. */
  async tick(): Promise<void> {
    const now = this.clock.now();
    const due = await this.db.getRepository(ChecklistEntity).find({
      where: { kind: 'closing', signedOffAt: Not(IsNull()), closesAt: Between(now - LOOK_BACK_MS, now) },
    });
    for (const checklist of due) await this.switchOff(checklist);
    await this.recordResults();
  }

  private async signedOff(checklistId: string): Promise<void> {
    const checklist = await this.db.getRepository(ChecklistEntity).findOneBy({ id: checklistId });
    if (checklist) await this.switchOff(checklist);
  }

  /** Sends `power.off` to the checklist's branch's marked devices, once each, after closing time. */
  async switchOff(checklist: ChecklistEntity): Promise<void> {
    if (checklist.kind !== 'closing' || checklist.signedOffAt === null || this.clock.now() < checklist.closesAt) return;
    const branch = await this.fleet.branch(checklist.branchId);
    if (!branch) return;
    const devices = await this.fleet.activeDevices(branch.id);
    const marked = devices.filter((d) => d.settings?.nightPowerOff ?? (branch.nightPowerOff ?? []).includes(d.kind));
    for (const [index, device] of marked.entries()) await this.switchOffDevice(checklist, device, FIRST_POSITION + index);
  }

  private async switchOffDevice(checklist: ChecklistEntity, device: FleetDevice, position: number): Promise<void> {
    const supported = KIND_COMMANDS[device.kind].includes('power.off');
    const reason = supported ? POWER_OFF_WORDS.sent : POWER_OFF_WORDS.unsupported;
    const title = POWER_OFF_WORDS.title(device.name ?? device.id);
    const item = Object.assign(new ChecklistItemEntity(), {
      checklistId: checklist.id,
      itemId: `${ITEM_PREFIX}${device.id}`,
      position,
      mode: 'auto' as const,
      check: null,
      deviceId: device.id,
      titleZh: title.zh,
      titleEn: title.en,
      params: {},
      done: false,
      reasonZh: reason.zh,
      reasonEn: reason.en,
      alertId: null,
      taskId: null,
      doneBy: null,
      doneAt: null,
      note: null,
      evaluatedAt: this.clock.now(),
    });
    try {
      await this.db.getRepository(ChecklistItemEntity).insert(item);
    } catch (error) {
      if (isUniqueViolation(error)) return; // sent already (here, before a restart, or by another instance)
      throw error;
    }
    if (supported) {
      const twin = await this.directory.device(device.id);
      if (twin) {
        const command = await this.commands.issue(twin, { action: 'power.off' }, 'system');
        const params: PowerOffParams = { commandId: command.id };
        await this.db.getRepository(ChecklistItemEntity).update({ checklistId: checklist.id, itemId: item.itemId }, { params });
        this.logger.info('night power-off sent', { branchId: checklist.branchId, deviceId: device.id, commandId: command.id });
      }
    }
    await this.publisher.publish(checklist.id);
  }

  /** Items still waiting for their device: the command's result, once it has one, is written into the item. */
  async recordResults(): Promise<void> {
    const waiting = await this.db.getRepository(ChecklistItemEntity).findBy({ itemId: Like(`${ITEM_PREFIX}%`), done: false, reasonZh: POWER_OFF_WORDS.sent.zh });
    for (const item of waiting) {
      const commandId = (item.params as PowerOffParams).commandId;
      const command = commandId ? await this.commands.get(commandId) : null;
      if (!command || command.status === 'pending') continue;
      const ok = command.status === 'succeeded';
      const reason = ok ? POWER_OFF_WORDS.done : command.status === 'expired' ? POWER_OFF_WORDS.expired : POWER_OFF_WORDS.failed(command.error ?? command.status);
      const finishedAt = command.finishedAt ? Date.parse(command.finishedAt) : this.clock.now();
      await this.db.getRepository(ChecklistItemEntity).update(
        { checklistId: item.checklistId, itemId: item.itemId, done: false },
        { done: ok, doneBy: ok ? 'system' : null, doneAt: ok ? finishedAt : null, reasonZh: reason.zh, reasonEn: reason.en, evaluatedAt: this.clock.now() },
      );
      // The template's "switched off" item, frozen at sign-off while the device still ran, now holds too.
      if (ok && item.deviceId) {
        await this.db
          .getRepository(ChecklistItemEntity)
          .update({ checklistId: item.checklistId, itemId: `${POWERED_OFF_ITEM}.${item.deviceId}`, done: false }, { done: true, doneBy: 'system', doneAt: finishedAt, reasonZh: null, reasonEn: null, evaluatedAt: this.clock.now() });
      }
      await this.publisher.publish(item.checklistId);
    }
  }

  private async guard(job: () => Promise<void>): Promise<void> {
    try {
      await job();
    } catch (error) {
      this.logger.warn('night power-off failed', { error: (error as Error).message });
    }
  }
}
