import {
  COMMAND_EXPIRED_ERROR,
  CommandIdSchema,
  CommandResult,
  DeviceCommand,
  DeviceCommandSchema,
  parsePayload,
  Topics,
} from '@lobby/contracts';
import { DeviceDriver } from '@lobby/devices';
import { Clock, JsonLogger } from '@lobby/runtime';

export interface CommandRunnerOptions {
  branch: string;
  clock: Clock;
  logger: JsonLogger;
  driver: (deviceId: string) => DeviceDriver | undefined;
  /** Publishes a result (QoS 1, no seq). */
  publish: (topic: string, payload: string) => void;
  /** How many recent command ids are remembered to run each at most once. */
  rememberIds?: number;
  /** A driver that has not answered by then fails the command (ms). */
  executeTimeoutMs?: number;
}

const MAX_ERROR_LENGTH = 1000;

/**
 * Runs commands from the centre on this branch's devices (docs/mqtt.md): validated, never
 * run past `expiresAt`, each id at most once, always answered on `cmd/result` when it has an id.
 */
export class CommandRunner {
  /** Recent ids: `undefined` while running, the result once done (re-sent on a repeat). */
  private readonly seen = new Map<string, CommandResult | undefined>();
  invalid = 0;
  executed = 0;

  constructor(private readonly options: CommandRunnerOptions) {}

  async handle(deviceId: string, payload: Buffer | string): Promise<void> {
    const parsed = parsePayload(DeviceCommandSchema, payload);
    if (!parsed.ok) return this.rejectInvalid(deviceId, payload, parsed.message);
    const command = parsed.value;
    if (this.seen.has(command.id)) {
      const earlier = this.seen.get(command.id);
      this.options.logger.info('repeated command not run again', { deviceId, id: command.id });
      if (earlier) this.send(deviceId, earlier);
      return;
    }
    this.remember(command.id, undefined);
    const result = await this.run(deviceId, command);
    this.remember(command.id, result);
    this.send(deviceId, result);
  }

  private async run(deviceId: string, command: DeviceCommand): Promise<CommandResult> {
    const { clock, logger } = this.options;
    const fail = (error: string): CommandResult => ({ id: command.id, ok: false, error: truncate(error), ts: clock.isoNow() });
    if (Date.parse(command.expiresAt) <= clock.now()) {
      logger.warn('command expired before it could run', { deviceId, id: command.id, expiresAt: command.expiresAt });
      return fail(COMMAND_EXPIRED_ERROR);
    }
    const driver = this.options.driver(deviceId);
    if (!driver) return fail('unknown device');
    if (!driver.supports(command.action)) return fail(`${driver.kind} ${deviceId} does not support ${command.action}`);
    try {
      logger.info('running command', { deviceId, id: command.id, action: command.action });
      this.executed++;
      await this.withTimeout(driver.execute(command.action, command.args));
      return { id: command.id, ok: true, ts: clock.isoNow() };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn('command failed', { deviceId, id: command.id, action: command.action, error: message });
      return fail(message || 'failed');
    }
  }

  private rejectInvalid(deviceId: string, payload: Buffer | string, message: string): void {
    this.invalid++;
    this.options.logger.warn('invalid command', { deviceId, error: message });
    const id = commandIdOf(payload);
    if (id === undefined || this.seen.has(id)) return;
    const result: CommandResult = { id, ok: false, error: truncate(`invalid command: ${message}`), ts: this.options.clock.isoNow() };
    this.remember(id, result);
    this.send(deviceId, result);
  }

  private send(deviceId: string, result: CommandResult): void {
    this.options.publish(Topics.deviceCmdResult(this.options.branch, deviceId), JSON.stringify(result));
  }

  private remember(id: string, result: CommandResult | undefined): void {
    this.seen.delete(id);
    this.seen.set(id, result);
    const limit = this.options.rememberIds ?? 1000;
    while (this.seen.size > limit) this.seen.delete(this.seen.keys().next().value as string);
  }

  private withTimeout(work: Promise<void>): Promise<void> {
    const ms = this.options.executeTimeoutMs ?? 30_000;
    return new Promise<void>((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      work.then(
        () => {
          timer.cancel();
          resolve();
        },
        (error: unknown) => {
          timer.cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

/** The id of a command that failed validation, if it has a usable one. */
function commandIdOf(payload: Buffer | string): string | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString());
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return CommandIdSchema.safeParse(id).success ? (id as string) : undefined;
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
