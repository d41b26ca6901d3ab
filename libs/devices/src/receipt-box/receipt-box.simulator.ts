import { Subject } from 'rxjs';
import { Clock } from '@lobby/runtime';
import { SimulatorTimers } from '../core/simulator-timers';
import { ByteSimulator } from '../core/device-driver';
import { CMD_RIBBON_RESET, CMD_STATUS, FrameParser, LineItem, NAK, RIBBON_RESET_OK, encodeFrame, encodeStatusData, ReceiptBoxStatus } from './receipt-box.codec';

export const RECEIPT_BOX_SIM_ACTIONS = [
  'print-lines',
  'paper-low',
  'paper-out',
  'paper-reload',
  'ribbon-wear',
  'door-open',
  'door-close',
  'head-error',
  'jam',
  'clear-errors',
  'fill-compartments',
  'empty-compartments',
  'silent',
  'resume',
  'garbage',
  'corrupt-next',
] as const;
export type ReceiptBoxSimAction = (typeof RECEIPT_BOX_SIM_ACTIONS)[number];

export interface ReceiptBoxSimulatorOptions {
  clock: Clock;
  totalCompartments?: number;
  /** Lines on a full paper roll (default 3000); low at 15 % left. */
  paperLines?: number;
  /** Lines a ribbon prints legibly (default 20000); low from 80 % worn. */
  ribbonLifeLines?: number;
  /** Lifetime line counter at start (default 120000). */
  initialLinesPrinted?: number;
  /** Lines per `print-lines` receipt (default 12). */
  linesPerReceipt?: number;
  /** Receipts that fill one compartment (default 40). */
  receiptsPerCompartment?: number;
  random?: () => number;
}

/** Noise with a stray STX whose LEN is impossible: the host must NAK it and still get the reply. */
const NOISE = Buffer.from([0x00, 0xff, 0x11, 0x02, 0xff, 0x13, 0x7f]);
const MAX_RESENDS = 2;

/**
 * A receipt box on the wire: answers status (CMD 31) and ribbon reset (CMD 32) frames, NAKs
 * frames with a bad BCC or length, resends its last response (at most twice) when NAKed.
 */
export class ReceiptBoxSimulator implements ByteSimulator {
  readonly output$ = new Subject<Buffer>();
  private readonly parser = new FrameParser();
  private readonly timers = new SimulatorTimers();
  private readonly random: () => number;
  private readonly paperLines: number;
  private readonly ribbonLife: number;
  private readonly total: number;
  private paperLeft: number;
  private linesPrinted: number;
  private linesSinceRibbon = 0;
  private receiptsInCompartment = 0;
  private full = 0;
  private doorOpen = false;
  private headError = false;
  private jammed = false;
  private silent = false;
  private noisyReplies = 0;
  private corruptNext = false;
  private last?: { bytes: Buffer; resends: number };

  constructor(private readonly options: ReceiptBoxSimulatorOptions) {
    this.random = options.random ?? Math.random;
    this.paperLines = options.paperLines ?? 3000;
    this.ribbonLife = options.ribbonLifeLines ?? 20_000;
    this.total = options.totalCompartments ?? 8;
    this.paperLeft = this.paperLines;
    this.linesPrinted = options.initialLinesPrinted ?? 120_000;
  }

  /** The status the box reports now. */
  status(): ReceiptBoxStatus {
    return {
      paperLow: this.paperLeft <= this.paperLines * 0.15,
      paperOut: this.paperLeft <= 0,
      ribbonLow: this.linesSinceRibbon >= this.ribbonLife * 0.8,
      ribbonOut: this.linesSinceRibbon >= this.ribbonLife,
      printHeadError: this.headError,
      doorOpen: this.doorOpen,
      paperJam: this.jammed,
      reserved: false,
      totalCompartments: this.total,
      fullCompartments: this.full,
      linesPrinted: this.linesPrinted,
    };
  }

  receive(bytes: Buffer): void {
    for (const item of this.parser.push(bytes)) this.handle(item);
  }

  apply(action: string): void {
    switch (action as ReceiptBoxSimAction) {
      case 'print-lines':
        return this.printReceipt();
      case 'paper-low':
        this.paperLeft = Math.min(this.paperLeft, Math.floor(this.paperLines * 0.15));
        return;
      case 'paper-out':
        this.paperLeft = 0;
        return;
      case 'paper-reload':
        this.paperLeft = this.paperLines;
        this.jammed = false;
        return;
      case 'ribbon-wear':
        // First wear makes the ribbon low; wearing a low ribbon again makes it out.
        this.linesSinceRibbon = this.status().ribbonLow ? this.ribbonLife : Math.ceil(this.ribbonLife * 0.8);
        return;
      case 'door-open':
        this.doorOpen = true;
        return;
      case 'door-close':
        this.doorOpen = false;
        return;
      case 'head-error':
        this.headError = true;
        return;
      case 'jam':
        this.jammed = true;
        return;
      case 'clear-errors':
        this.headError = false;
        this.jammed = false;
        return;
      case 'fill-compartments':
        this.full = this.total;
        return;
      case 'empty-compartments':
        this.full = 0;
        this.receiptsInCompartment = 0;
        return;
      case 'silent':
        this.silent = true;
        return;
      case 'resume':
        this.silent = false;
        return;
      case 'garbage':
        this.noisyReplies = 3;
        this.output$.next(NOISE);
        return;
      case 'corrupt-next':
        this.corruptNext = true;
        return;
      default:
        throw new TypeError(`unknown receipt-box action "${action}"; known: ${RECEIPT_BOX_SIM_ACTIONS.join(', ')}`);
    }
  }

  /** Receipts print every few seconds; now and then the door opens, paper runs low, the ribbon wears. */
  autoplay(clock: Clock): void {
    const receipt = (): void => {
      this.apply('print-lines');
      if (this.full >= this.total) this.later(clock, 20_000, () => this.apply('empty-compartments'));
      this.later(clock, 3000 + this.random() * 7000, receipt);
    };
    const incident = (): void => {
      this.playIncident(clock);
      this.later(clock, 30_000 + this.random() * 30_000, incident);
    };
    this.later(clock, 1500, receipt);
    this.later(clock, 15_000 + this.random() * 15_000, incident);
  }

  stop(): void {
    this.timers.cancelAll();
    this.output$.complete();
  }

  private playIncident(clock: Clock): void {
    const pick = this.random();
    if (pick < 0.4) {
      this.apply('door-open');
      this.later(clock, 5000 + this.random() * 5000, () => this.apply('door-close'));
    } else if (pick < 0.75) {
      this.apply('paper-low');
      this.later(clock, 25_000, () => this.apply('paper-reload'));
    } else {
      // Stays worn until someone fits a ribbon and sends `ribbon.reset`, as in a branch.
      this.apply('ribbon-wear');
    }
  }

  private printReceipt(): void {
    if (this.silent || this.doorOpen || this.headError || this.jammed || this.paperLeft <= 0) return;
    const lines = Math.min(this.options.linesPerReceipt ?? 12, this.paperLeft);
    this.paperLeft -= lines;
    this.linesPrinted += lines;
    this.linesSinceRibbon += lines;
    this.receiptsInCompartment += 1;
    if (this.receiptsInCompartment >= (this.options.receiptsPerCompartment ?? 40) && this.full < this.total) {
      this.full += 1;
      this.receiptsInCompartment = 0;
    }
  }

  private handle(item: LineItem): void {
    if (this.silent) return;
    switch (item.type) {
      case 'error':
        this.output$.next(Buffer.from([NAK]));
        return;
      case 'nak':
        if (this.last && this.last.resends < MAX_RESENDS) {
          this.last.resends += 1;
          this.send(this.last.bytes);
        }
        return;
      case 'frame':
        if (item.frame.cmd === CMD_STATUS) this.respond(encodeFrame(CMD_STATUS, encodeStatusData(this.status())));
        if (item.frame.cmd === CMD_RIBBON_RESET) {
          this.linesSinceRibbon = 0;
          this.respond(encodeFrame(CMD_RIBBON_RESET, Buffer.from([RIBBON_RESET_OK])));
        }
        return;
    }
  }

  private respond(frame: Buffer): void {
    this.last = { bytes: frame, resends: 0 };
    if (!this.corruptNext) return this.send(frame);
    this.corruptNext = false;
    const bad = Buffer.from(frame);
    bad[bad.length - 1] ^= 0xff;
    this.send(bad);
  }

  private send(bytes: Buffer): void {
    if (this.noisyReplies > 0) {
      this.noisyReplies -= 1;
      this.output$.next(Buffer.concat([NOISE.subarray(0, 3), bytes]));
      return;
    }
    this.output$.next(bytes);
  }

  private later(clock: Clock, ms: number, fn: () => void): void {
    this.timers.later(clock, ms, fn);
  }
}
