import { CommandAction, DeviceReading } from '@lobby/contracts';
import { ScanStep } from '../core/byte-reader';
import { CommandError, DriverContext } from '../core/device-driver';
import { Line, SerialDeviceConfig, SerialPollingDriver } from '../core/serial-polling-driver';
import {
  COUNTER_REQUEST,
  COUNTER_RESET_REQUEST,
  POWER_OFF_REQUEST,
  STATUS_KINDS,
  StatusKind,
  decodeStatusSet,
  scanCounterReply,
  scanPowerOffNotice,
  scanStatusByte,
  statusRequest,
} from './escpos.codec';
import { silentTicketPrinterReading, toTicketPrinterReading } from './ticket-printer.mapper';

export const TICKET_PRINTER_DEFAULTS = {
  pollIntervalMs: 2000,
  /** docs/protocols/ticket-printer.md: no reply within 500 ms (after one retry) means the device is lost. */
  timeoutMs: 500,
  /** Tries per request: the first and one retry. */
  attempts: 2,
  /** Read the cut counter every N polls (1: every poll; a reply is a dozen bytes). */
  counterEveryPolls: 1,
  /** After a timeout, input must stay quiet this long before the next request (late replies). */
  drainQuietMs: 30,
} as const;

/**
 * Queue-ticket printer (取号机), ESC/POS over RS-232. Each poll asks DLE EOT 1..4 one at a
 * time (replies do not say what they answer), then reads the cut counter with GS g 2. A
 * status that does not come after one retry makes the reading `link: 'down'`.
 */
export class TicketPrinterDriver extends SerialPollingDriver {
  readonly kind = 'ticket-printer' as const;
  private readonly timeoutMs: number;
  private readonly supportsPowerOff: boolean;
  private ticketsPrinted?: number;
  private poweredOff = false;
  private polls = 0;
  /** Bytes discarded as noise (not a valid reply), for diagnostics. */
  noiseBytes = 0;

  constructor(config: SerialDeviceConfig, context: DriverContext) {
    super(config, context, config.settings?.pollIntervalMs ?? TICKET_PRINTER_DEFAULTS.pollIntervalMs);
    this.timeoutMs = config.settings?.timeoutMs ?? TICKET_PRINTER_DEFAULTS.timeoutMs;
    this.supportsPowerOff = config.settings?.supportsPowerOff ?? false;
  }

  supports(action: CommandAction): boolean {
    return action === 'status.refresh' || action === 'counter.reset' || (action === 'power.off' && this.supportsPowerOff);
  }

  async execute(action: CommandAction, _args?: Record<string, unknown>): Promise<void> {
    switch (action) {
      case 'status.refresh':
        return this.refresh();
      case 'power.off':
        if (!this.supportsPowerOff) throw new CommandError('unsupported', `${this.deviceId} cannot be switched off remotely`);
        return this.powerOff();
      case 'counter.reset':
        return this.resetCounter();
      case 'lamp.on':
      case 'lamp.off':
      case 'ribbon.reset':
        throw new CommandError('unsupported', `a ticket printer does not do ${action}`);
    }
  }

  protected async pollOnce(line: Line): Promise<DeviceReading> {
    const bytes: Partial<Record<StatusKind, number>> = {};
    for (const n of STATUS_KINDS) {
      const reply = await this.request(line, statusRequest(n), (input) => this.countNoise(scanStatusByte(input)));
      if (reply === undefined) return silentTicketPrinterReading(this.lastReading, this.poweredOff);
      bytes[n] = reply;
    }
    this.poweredOff = false;
    if (this.polls++ % TICKET_PRINTER_DEFAULTS.counterEveryPolls === 0) {
      // A missing counter keeps the last value: the status answered, so the link is up.
      this.ticketsPrinted = (await this.request(line, COUNTER_REQUEST, scanCounterReply)) ?? this.ticketsPrinted;
    }
    return toTicketPrinterReading(decodeStatusSet(bytes as Record<StatusKind, number>), this.ticketsPrinted);
  }

  /**
   * One request, one reply, one retry. Stale input is dropped before writing; after a timeout
   * the line is drained so a late reply (or counter digits that look like status bytes) cannot
   * answer the next request. A failed write means the port is gone: no retry.
   */
  private async request<T>(line: Line, bytes: Buffer, scan: (input: Buffer) => ScanStep<T>): Promise<T | undefined> {
    for (let attempt = 0; attempt < TICKET_PRINTER_DEFAULTS.attempts; attempt += 1) {
      this.noiseBytes += line.reader.discard();
      try {
        await line.port.write(bytes);
      } catch (error) {
        this.logger.debug('write failed', { error: (error as Error).message });
        return undefined;
      }
      const outcome = await line.reader.read(scan, this.timeoutMs);
      if (outcome.ok) return outcome.value;
      this.noiseBytes += await line.reader.drain(TICKET_PRINTER_DEFAULTS.drainQuietMs);
      this.logger.debug('no reply', { request: bytes.toString('hex'), attempt });
    }
    return undefined;
  }

  private countNoise(step: ScanStep<number>): ScanStep<number> {
    this.noiseBytes += step.done ? step.consumed - 1 : step.consumed;
    return step;
  }

  /** GS g 0, then GS g 2 to see it took: a printer that kept its count does not support the reset. */
  private async resetCounter(): Promise<void> {
    const before = this.ticketsPrinted;
    const after = await this.withLine(async (line) => {
      try {
        await line.port.write(COUNTER_RESET_REQUEST);
      } catch (error) {
        throw new CommandError('device-error', `counter reset not written: ${(error as Error).message}`);
      }
      return this.request(line, COUNTER_REQUEST, scanCounterReply);
    });
    if (after === undefined) throw new CommandError('timeout', `${this.deviceId} did not answer the counter read after the reset`);
    if (before !== undefined && before > 0 && after >= before) throw new CommandError('device-error', `${this.deviceId} kept its counter (${after}): it does not support the reset`);
    this.ticketsPrinted = after;
    if (this.lastReading) this.publish({ ...this.lastReading, counters: { ...this.lastReading.counters, ticketsPrinted: after } });
  }

  private async powerOff(): Promise<void> {
    const noticed = await this.withLine((line) => this.request(line, POWER_OFF_REQUEST, scanPowerOffNotice));
    if (!noticed) throw new CommandError('timeout', `${this.deviceId} did not confirm the power-off`);
    this.poweredOff = true;
    this.publish(silentTicketPrinterReading(this.lastReading, true));
  }
}
