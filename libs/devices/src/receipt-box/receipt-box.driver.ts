import { CommandAction, DeviceReading } from '@lobby/contracts';
import { CommandError, DriverContext } from '../core/device-driver';
import { Line, SerialDeviceConfig, SerialPollingDriver } from '../core/serial-polling-driver';
import { CMD_RIBBON_RESET, CMD_STATUS, Frame, NAK, RIBBON_RESET_OK, decodeStatusData, ribbonResetRequest, scanLine, statusRequest } from './receipt-box.codec';
import { garbledReceiptBoxReading, silentReceiptBoxReading, toReceiptBoxReading } from './receipt-box.mapper';

export const RECEIPT_BOX_DEFAULTS = {
  pollIntervalMs: 2000,
  /** docs/protocols/receipt-box.md: the box answers within 300 ms. */
  timeoutMs: 300,
  /** Retries after a NAK or a bad frame (the contract's "at most 2 times"). */
  maxRetries: 2,
  /** Retries after plain silence: one, as for the ticket printer, then the box is lost. */
  maxSilentRetries: 1,
} as const;

type Exchange = { type: 'frame'; frame: Frame } | { type: 'silent' } | { type: 'garbled'; detail: string };
type Problem = 'nak' | 'bad-frame' | 'silent';

/**
 * Corporate receipt box (回单箱), framed serial protocol. Polls status (CMD 31); `ribbon.reset`
 * sends CMD 32 and, when the box confirms, reports `ribbon.replaced`. A NAK from the box makes
 * us resend; a bad frame from the box makes us send NAK so it resends; both at most twice.
 */
export class ReceiptBoxDriver extends SerialPollingDriver {
  readonly kind = 'receipt-box' as const;
  private readonly timeoutMs: number;
  /** Frames that failed BCC/length checks, NAKs received and noise bytes, for diagnostics. */
  readonly stats = { badFrames: 0, naksReceived: 0, naksSent: 0, noiseBytes: 0 };

  constructor(config: SerialDeviceConfig, context: DriverContext) {
    super(config, context, config.settings?.pollIntervalMs ?? RECEIPT_BOX_DEFAULTS.pollIntervalMs);
    this.timeoutMs = config.settings?.timeoutMs ?? RECEIPT_BOX_DEFAULTS.timeoutMs;
  }

  supports(action: CommandAction): boolean {
    return action === 'status.refresh' || action === 'ribbon.reset';
  }

  async execute(action: CommandAction, _args?: Record<string, unknown>): Promise<void> {
    switch (action) {
      case 'status.refresh':
        return this.refresh();
      case 'ribbon.reset':
        return this.resetRibbon();
      case 'power.off':
      case 'lamp.on':
      case 'lamp.off':
      case 'counter.reset':
        throw new CommandError('unsupported', `a receipt box does not do ${action}`);
    }
  }

  protected async pollOnce(line: Line): Promise<DeviceReading> {
    const result = await this.exchange(line, statusRequest(), CMD_STATUS);
    switch (result.type) {
      case 'silent':
        return silentReceiptBoxReading(this.lastReading);
      case 'garbled':
        this.logger.warn('status exchange failed', { detail: result.detail });
        return garbledReceiptBoxReading(this.lastReading);
      case 'frame': {
        const status = decodeStatusData(result.frame.data);
        if (!status) {
          this.stats.badFrames += 1;
          return garbledReceiptBoxReading(this.lastReading);
        }
        if (status.reserved) this.logger.debug('reserved status bit 7 is set');
        return toReceiptBoxReading(status);
      }
    }
  }

  private async resetRibbon(): Promise<void> {
    const result = await this.withLine((line) => this.exchange(line, ribbonResetRequest(), CMD_RIBBON_RESET));
    if (result.type === 'silent') throw new CommandError('timeout', `${this.deviceId} did not answer the ribbon reset`);
    if (result.type === 'garbled') throw new CommandError('device-error', `ribbon reset failed: ${result.detail}`);
    if (result.frame.data.length !== 1 || result.frame.data[0] !== RIBBON_RESET_OK) {
      throw new CommandError('device-error', `box refused the ribbon reset (${result.frame.data.toString('hex')})`);
    }
    const linesPrinted = this.lastReading?.counters?.linesPrinted;
    this.emitEvent('ribbon.replaced', linesPrinted === undefined ? {} : { linesPrinted });
    await this.pollNow().catch(() => undefined);
  }

  /**
   * One command and its response frame, with the contract's retries: resend after a NAK or
   * silence, send NAK after a bad frame (the box then resends its response).
   */
  private async exchange(line: Line, request: Buffer, cmd: number): Promise<Exchange> {
    let retries = 0;
    let silentRetries = 0;
    if (!(await this.send(line, request))) return { type: 'silent' };
    for (;;) {
      const problem = await this.awaitResponse(line, cmd);
      if (typeof problem !== 'string') return { type: 'frame', frame: problem };
      if (problem === 'silent' && silentRetries >= RECEIPT_BOX_DEFAULTS.maxSilentRetries) return { type: 'silent' };
      if (retries >= RECEIPT_BOX_DEFAULTS.maxRetries) {
        return problem === 'silent' ? { type: 'silent' } : { type: 'garbled', detail: `${problem} after ${retries} retries` };
      }
      retries += 1;
      if (problem === 'silent') silentRetries += 1;
      if (problem === 'bad-frame') this.stats.naksSent += 1;
      const sent = await this.send(line, problem === 'bad-frame' ? Buffer.from([NAK]) : request);
      if (!sent) return { type: 'silent' };
    }
  }

  /** Waits for the response frame to `cmd`; frames answering something else are stale and skipped. */
  private async awaitResponse(line: Line, cmd: number): Promise<Frame | Problem> {
    const deadline = this.clock.now() + this.timeoutMs;
    for (;;) {
      const outcome = await line.reader.read(scanLine, Math.max(0, deadline - this.clock.now()));
      if (!outcome.ok) {
        // A frame cut short is a bad length: the box gets a NAK and resends.
        const truncated = outcome.leftover.length > 0;
        if (truncated) this.stats.badFrames += 1;
        return truncated ? 'bad-frame' : 'silent';
      }
      const item = outcome.value;
      if (item.type === 'nak') {
        this.stats.naksReceived += 1;
        return 'nak';
      }
      if (item.type === 'error') {
        this.stats.badFrames += 1;
        return 'bad-frame';
      }
      if (item.frame.cmd === cmd) return item.frame;
      this.logger.debug('stale frame skipped', { cmd: item.frame.cmd });
    }
  }

  private async send(line: Line, bytes: Buffer): Promise<boolean> {
    this.stats.noiseBytes += line.reader.discard();
    try {
      await line.port.write(bytes);
      return true;
    } catch (error) {
      this.logger.debug('write failed', { error: (error as Error).message });
      return false;
    }
  }
}
