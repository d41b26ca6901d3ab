import { Subject } from 'rxjs';
import { Clock } from '@lobby/runtime';
import { SimulatorTimers } from '../core/simulator-timers';
import { ByteSimulator } from '../core/device-driver';
import {
  COUNTER_REQUEST,
  COUNTER_RESET_REQUEST,
  DLE,
  EOT,
  POWER_OFF_NOTICE,
  POWER_OFF_REQUEST,
  StatusKind,
  XOFF,
  XON,
  encodeCounterReply,
  encodeErrorCause,
  encodeOfflineCause,
  encodePaperSensor,
  encodePrinterStatus,
} from './escpos.codec';

export const TICKET_PRINTER_SIM_ACTIONS = [
  'issue-ticket',
  'paper-near-end',
  'paper-out',
  'paper-reload',
  'cover-open',
  'cover-close',
  'cutter-jam',
  'mechanical-error',
  'clear-errors',
  'silent',
  'resume',
  'garbage',
  'power-off',
  'power-on',
] as const;
export type TicketPrinterSimAction = (typeof TICKET_PRINTER_SIM_ACTIONS)[number];

export interface TicketPrinterSimulatorOptions {
  clock: Clock;
  /** Tickets on a full roll (default 400). */
  rollCapacity?: number;
  /** The near-end sensor trips with this many tickets left (default 15 % of the roll). */
  nearEndTickets?: number;
  /** Auto-cutter counter at start (default 1000). */
  initialCount?: number;
  /** Answers DLE DC4 power-off (`10 14 02 01 08`) with `3B 30 00` and goes quiet. */
  supportsPowerOff?: boolean;
  /** Time on the wire per byte (default 9600 baud 8N1 ≈ 1.04 ms): how long a counter reply is in flight. */
  byteTimeMs?: number;
  random?: () => number;
}

/** Noise that never passes for a status byte (`(b & 0x93) !== 0x12`) nor starts a counter reply. */
const NOISE = Buffer.from([XON, 0xff, 0x00, XOFF, 0x80, 0x0a, 0x01]);
const KNOWN_REQUESTS = [POWER_OFF_REQUEST, COUNTER_REQUEST, COUNTER_RESET_REQUEST];

/**
 * A queue-ticket printer on the wire: answers DLE EOT n with the status byte its state implies,
 * GS g 2 with the cut counter (and ignores real-time requests while that reply is in flight,
 * as real printers do), and uses up paper as tickets are cut.
 */
export class TicketPrinterSimulator implements ByteSimulator {
  readonly output$ = new Subject<Buffer>();
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly nearEndAt: number;
  private readonly byteTimeMs: number;
  private readonly random: () => number;
  private input = Buffer.alloc(0);
  private paperLeft: number;
  private count: number;
  private coverOpen = false;
  private cutterJam = false;
  private mechanicalError = false;
  private silent = false;
  private poweredOff = false;
  private counterInFlight = false;
  private noisyReplies = 0;
  private readonly timers = new SimulatorTimers();

  constructor(private readonly options: TicketPrinterSimulatorOptions) {
    this.clock = options.clock;
    this.capacity = options.rollCapacity ?? 400;
    this.nearEndAt = options.nearEndTickets ?? Math.max(1, Math.round(this.capacity * 0.15));
    this.byteTimeMs = options.byteTimeMs ?? 10 / 9.6;
    this.random = options.random ?? Math.random;
    this.paperLeft = this.capacity;
    this.count = options.initialCount ?? 1000;
  }

  /** Tickets cut so far (the counter GS g 2 reports). */
  get ticketsPrinted(): number {
    return this.count;
  }

  get ticketsLeft(): number {
    return this.paperLeft;
  }

  receive(bytes: Buffer): void {
    this.input = Buffer.concat([this.input, bytes]).subarray(-64);
    while (this.input.length > 0) {
      const used = this.handleFront();
      if (used === 0) return;
      this.input = this.input.subarray(used);
    }
  }

  apply(action: string): void {
    switch (action as TicketPrinterSimAction) {
      case 'issue-ticket':
        return this.issueTicket();
      case 'paper-near-end':
        this.paperLeft = Math.min(this.paperLeft, this.nearEndAt);
        return;
      case 'paper-out':
        this.paperLeft = 0;
        return;
      case 'paper-reload':
        this.paperLeft = this.capacity;
        return;
      case 'cover-open':
        this.coverOpen = true;
        return;
      case 'cover-close':
        this.coverOpen = false;
        return;
      case 'cutter-jam':
        this.cutterJam = true;
        return;
      case 'mechanical-error':
        this.mechanicalError = true;
        return;
      case 'clear-errors':
        this.cutterJam = false;
        this.mechanicalError = false;
        return;
      case 'silent':
        this.silent = true;
        return;
      case 'resume':
        this.silent = false;
        this.poweredOff = false;
        return;
      case 'garbage':
        this.noisyReplies = 3;
        this.send(NOISE);
        return;
      case 'power-off':
        this.poweredOff = true;
        return;
      case 'power-on':
        this.poweredOff = false;
        return;
      default:
        throw new TypeError(`unknown ticket-printer action "${action}"; known: ${TICKET_PRINTER_SIM_ACTIONS.join(', ')}`);
    }
  }

  /** Customers take tickets every few seconds; now and then staff open the cover, or paper runs low and is reloaded. */
  autoplay(clock: Clock): void {
    const customer = (): void => {
      this.apply('issue-ticket');
      this.later(clock, 2000 + this.random() * 6000, customer);
    };
    const incident = (): void => {
      this.playIncident(clock);
      this.later(clock, 30_000 + this.random() * 30_000, incident);
    };
    this.later(clock, 1000, customer);
    this.later(clock, 10_000 + this.random() * 15_000, incident);
  }

  stop(): void {
    this.timers.cancelAll();
    this.output$.complete();
  }

  /** Status byte for DLE EOT n as the printer's state now implies. */
  statusByte(n: StatusKind): number {
    const paperEnd = this.paperLeft <= 0;
    const error = this.cutterJam || this.mechanicalError;
    switch (n) {
      case 1:
        return encodePrinterStatus({ drawerHigh: false, offline: this.coverOpen || paperEnd || error, waitingForRecovery: false, feedButtonPressed: false });
      case 2:
        return encodeOfflineCause({ coverOpen: this.coverOpen, feedingByButton: false, stoppedByPaperEnd: paperEnd, errorOccurred: error });
      case 3:
        return encodeErrorCause({ mechanicalError: this.mechanicalError, autoCutterError: this.cutterJam, unrecoverableError: false, autoRecoverableError: false });
      case 4:
        return encodePaperSensor({ nearEnd: this.paperLeft <= this.nearEndAt, paperEnd });
    }
  }

  private playIncident(clock: Clock): void {
    const pick = this.random();
    if (pick < 0.4) {
      this.apply('cover-open');
      this.later(clock, 5000 + this.random() * 5000, () => this.apply('cover-close'));
    } else if (pick < 0.8) {
      this.apply('paper-near-end');
      this.later(clock, 20_000, () => this.apply('paper-out'));
      this.later(clock, 30_000, () => this.apply('paper-reload'));
    } else {
      this.apply('cutter-jam');
      this.later(clock, 8000, () => this.apply('clear-errors'));
    }
  }

  private issueTicket(): void {
    const canPrint = !this.poweredOff && !this.coverOpen && !this.cutterJam && !this.mechanicalError && this.paperLeft > 0;
    if (!canPrint) return;
    this.paperLeft -= 1;
    this.count += 1;
  }

  /** Handles the request at the front of the input; returns bytes used (0: wait for more). */
  private handleFront(): number {
    const input = this.input;
    if (input[0] === DLE && input.length >= 2 && input[1] === EOT) {
      if (input.length < 3) return 0;
      const n = input[2];
      if (n >= 1 && n <= 4) this.answerStatus(n as StatusKind);
      return 3;
    }
    for (const request of KNOWN_REQUESTS) {
      const length = Math.min(request.length, input.length);
      if (!input.subarray(0, length).equals(request.subarray(0, length))) continue;
      if (input.length < request.length) return 0;
      if (request === COUNTER_REQUEST) this.answerCounter();
      else if (request === COUNTER_RESET_REQUEST) this.resetCounter();
      else this.answerPowerOff();
      return request.length;
    }
    return input[0] === DLE && input.length < 2 ? 0 : 1;
  }

  /** GS g 0: no reply; the resettable cut counter starts again from 0. */
  private resetCounter(): void {
    if (this.answering) this.count = 0;
  }

  private get answering(): boolean {
    return !this.silent && !this.poweredOff;
  }

  private answerStatus(n: StatusKind): void {
    // Real-time commands are ignored while a counter reply is being sent.
    if (!this.answering || this.counterInFlight) return;
    this.send(Buffer.from([this.statusByte(n)]));
  }

  private answerCounter(): void {
    if (!this.answering || this.counterInFlight) return;
    const reply = encodeCounterReply(this.count);
    this.counterInFlight = true;
    this.later(this.clock, reply.length * this.byteTimeMs, () => {
      this.counterInFlight = false;
      if (this.answering) this.send(reply);
    });
  }

  private answerPowerOff(): void {
    if (!this.answering || !this.options.supportsPowerOff) return;
    this.send(POWER_OFF_NOTICE);
    this.poweredOff = true;
  }

  private send(bytes: Buffer): void {
    if (this.noisyReplies > 0 && bytes !== NOISE) {
      this.noisyReplies -= 1;
      this.output$.next(Buffer.concat([Buffer.from([XOFF, 0x00]), bytes.subarray(0, 1), Buffer.from([XON]), bytes.subarray(1)]));
      return;
    }
    this.output$.next(bytes);
  }

  private later(clock: Clock, ms: number, fn: () => void): void {
    this.timers.later(clock, ms, fn);
  }
}
