import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canSeeBranch, type Principal } from '@lobby/access';
import { DataSource, LessThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  COMMAND_EXPIRED_ERROR,
  CommandResult,
  DEFAULT_COMMAND_TTL_MS,
  DeviceCommand,
  IssueCommand,
  KIND_COMMANDS,
  Topics,
} from '@lobby/contracts';
import { Clock, DomainEventBus, invalid, JsonLogger, notFound } from '@lobby/platform';
import { DeviceCommandEntity } from '../entities/device-command.entity';
import type { TwinDevice } from '../devices/device-twin';
import { MqttPublisher } from './mqtt-publisher';

// A result may still be on its way when the command's life ends; wait a little before calling it expired.
const RESULT_GRACE_MS = 5_000;

export interface CommandView {
  id: string;
  deviceId: string;
  branchId: string;
  action: string;
  args?: Record<string, unknown>;
  status: DeviceCommandEntity['status'];
  error?: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  finishedAt?: string;
}

/** Commands to devices: stored pending, published to the agent, finished by its result. */
@Injectable()
export class CommandsService {
  constructor(
    private readonly db: DataSource,
    private readonly publisher: MqttPublisher,
    private readonly clock: Clock,
    private readonly logger: JsonLogger,
    private readonly events: DomainEventBus,
  ) {}

  private get repo() {
    return this.db.getRepository(DeviceCommandEntity);
  }

  async issue(device: TwinDevice, input: IssueCommand, issuedBy: string): Promise<CommandView> {
    if (!KIND_COMMANDS[device.kind].includes(input.action)) {
      throw invalid(`a ${device.kind} does not support ${input.action}`, [`action: unsupported for ${device.kind}`]);
    }
    const now = this.clock.now();
    const row = Object.assign(new DeviceCommandEntity(), {
      id: randomUUID(),
      deviceId: device.id,
      branchId: device.branchId,
      action: input.action,
      args: input.args ?? null,
      status: 'pending' as const,
      error: null,
      issuedBy,
      issuedAt: now,
      expiresAt: now + DEFAULT_COMMAND_TTL_MS,
      finishedAt: null,
    });
    // `args` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
    await this.repo.insert(row as unknown as QueryDeepPartialEntity<DeviceCommandEntity>);
    const message: DeviceCommand = { id: row.id, action: row.action, args: input.args, expiresAt: new Date(row.expiresAt).toISOString() };
    try {
      await this.publisher.publish(Topics.deviceCmd(device.branchId, device.id), JSON.stringify(message), { qos: 1 });
    } catch (error) {
      // The broker did not take it: the command stays pending and expires, which the caller sees.
      this.logger.warn('command publish failed', { id: row.id, error: (error as Error).message });
    }
    return toView(row);
  }

  /** The command, or `null` (a lookup inside the domain). */
  async get(id: string): Promise<CommandView | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? toView(row) : null;
  }

  /** A command of the caller's branches; `notFound` when unknown or another branch's. */
  async getFor(id: string, principal: Principal): Promise<CommandView> {
    const command = id.length <= 64 ? await this.get(id) : null;
    if (!command || !canSeeBranch(principal, command.branchId)) throw notFound(`command ${id}`);
    return command;
  }

  /** Applies an agent's result; `false` when there is no pending command of that device. */
  async complete(branchId: string, deviceId: string, result: CommandResult, receivedAt: number): Promise<boolean> {
    const status = result.ok ? 'succeeded' : result.error === COMMAND_EXPIRED_ERROR ? 'expired' : 'failed';
    const update = await this.repo.update(
      { id: result.id, deviceId, branchId, status: 'pending' },
      { status, error: result.ok ? null : (result.error ?? 'failed'), finishedAt: receivedAt },
    );
    const applied = (update.affected ?? 0) > 0;
    if (applied) this.events.emit('command.finished', { commandId: result.id, branchId });
    return applied;
  }

  /** Pending commands whose life (and grace) ended without a result become `expired`. */
  async expireOverdue(): Promise<number> {
    const update = await this.repo.update(
      { status: 'pending', expiresAt: LessThan(this.clock.now() - RESULT_GRACE_MS) },
      { status: 'expired', error: 'no result before the command expired', finishedAt: this.clock.now() },
    );
    return update.affected ?? 0;
  }
}

function toView(row: DeviceCommandEntity): CommandView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    branchId: row.branchId,
    action: row.action,
    ...(row.args ? { args: row.args } : {}),
    status: row.status,
    ...(row.error ? { error: row.error } : {}),
    issuedBy: row.issuedBy,
    issuedAt: new Date(row.issuedAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    ...(row.finishedAt ? { finishedAt: new Date(row.finishedAt).toISOString() } : {}),
  };
}
