import { XfsStatus } from './xfs-status.schema';

type XfsDevice = NonNullable<NonNullable<XfsStatus['common']>['device']>;
type XfsShutter = NonNullable<NonNullable<XfsStatus['cashManagement']>['shutter']>;

export type MachineAction =
  | 'dispense'
  | 'replenish'
  | 'paper-low'
  | 'paper-out'
  | 'paper-reload'
  | 'hardware-error'
  | 'clear'
  | 'safe-door-open'
  | 'safe-door-close'
  | 'shutter-jam';

interface Cassette {
  readonly id: string;
  readonly value: number;
  readonly capacity: number;
  count: number;
}

const CURRENCY = 'CNY';
const PAPER_CAPACITY = 300;
const PAPER_LOW_MARK = 30;
/** `dispense` stands for a busy spell (about ten customers), so a few take a cassette to low and empty. */
const DISPENSE_NOTES = 200;
const LOW_SHARE = 0.1;
const HIGH_SHARE = 0.75;
/** Autoplay ticks (20 s each) before somebody fixes what ran out or broke. */
const PAPER_RELOAD_AFTER = 15;
const REPLENISH_AFTER = 30;
const CLEAR_ERROR_AFTER = 9;
const HARDWARE_ERROR_CHANCE = 1 / 400;

/**
 * The state behind the simulated monitoring client: cassettes, receipt paper, shutter, safe door,
 * and the device state, reported as XFS status. No I/O and no clock: the simulator drives it.
 */
export class CashMachineModel {
  private device: XfsDevice = 'online';
  private shutter: XfsShutter = 'closed';
  private safeDoorOpen = false;
  private paperLeft = 60;
  private readonly cassettes: Cassette[] = [
    { id: 'CASS1', value: 100, capacity: 2500, count: 1000 },
    { id: 'CASS2', value: 100, capacity: 2500, count: 2200 },
    { id: 'CASS3', value: 100, capacity: 2500, count: 2500 },
    { id: 'CASS4', value: 50, capacity: 2500, count: 1800 },
  ];
  private waiting = { paper: 0, cash: 0, error: 0 };

  apply(action: MachineAction): void {
    switch (action) {
      case 'dispense':
        this.withdraw(DISPENSE_NOTES);
        break;
      case 'replenish':
        this.cassettes.forEach((cassette) => (cassette.count = cassette.capacity));
        break;
      case 'paper-low':
        this.paperLeft = PAPER_LOW_MARK;
        break;
      case 'paper-out':
        this.paperLeft = 0;
        break;
      case 'paper-reload':
        this.paperLeft = PAPER_CAPACITY;
        break;
      case 'hardware-error':
        this.device = 'hardwareError';
        break;
      case 'clear':
        this.device = 'online';
        this.shutter = 'closed';
        break;
      case 'safe-door-open':
      case 'safe-door-close':
        this.safeDoorOpen = action === 'safe-door-open';
        break;
      case 'shutter-jam':
        this.shutter = 'jammedClosed';
        break;
    }
  }

  /** One autoplay step: maybe a customer, maybe a fault, and the repairs that are due. */
  autoplayTick(random: () => number): void {
    if (this.device === 'online' && random() < 0.7) {
      this.withdraw(5 + Math.floor(random() * 26));
      if (random() < 0.8) this.paperLeft = Math.max(0, this.paperLeft - 1);
    }
    if (this.device === 'online' && random() < HARDWARE_ERROR_CHANCE) this.device = 'hardwareError';
    this.repairWhenDue('paper', this.paperLeft === 0, PAPER_RELOAD_AFTER, () => this.apply('paper-reload'));
    this.repairWhenDue('cash', this.cassettes.some((c) => c.count === 0), REPLENISH_AFTER, () => this.apply('replenish'));
    this.repairWhenDue('error', this.device !== 'online', CLEAR_ERROR_AFTER, () => this.apply('clear'));
  }

  status(): XfsStatus {
    return {
      common: { device: this.device },
      printer: { paper: { upper: this.paperState() }, toner: 'full' },
      cashManagement: {
        dispenser: this.dispenserState(),
        shutter: this.shutter,
        safeDoor: this.safeDoorOpen ? 'doorOpen' : 'doorClosed',
      },
      storage: Object.fromEntries(
        this.cassettes.map((c) => [
          c.id,
          { currency: CURRENCY, value: c.value, count: c.count, status: 'ok' as const, replenishmentStatus: fillLevel(c) },
        ]),
      ),
    };
  }

  /** From the first cassette that still has notes: it runs low and empty before the next starts. */
  private withdraw(notes: number): void {
    let remaining = notes;
    for (const cassette of this.cassettes) {
      const taken = Math.min(cassette.count, remaining);
      cassette.count -= taken;
      remaining -= taken;
      if (remaining === 0) return;
    }
  }

  private dispenserState(): 'ok' | 'attention' | 'stop' {
    if (this.cassettes.every((c) => c.count === 0)) return 'stop';
    return this.cassettes.some((c) => c.count === 0) ? 'attention' : 'ok';
  }

  private paperState(): 'full' | 'low' | 'out' {
    if (this.paperLeft === 0) return 'out';
    return this.paperLeft <= PAPER_LOW_MARK ? 'low' : 'full';
  }

  private repairWhenDue(what: keyof CashMachineModel['waiting'], broken: boolean, afterTicks: number, repair: () => void): void {
    this.waiting[what] = broken ? this.waiting[what] + 1 : 0;
    if (this.waiting[what] < afterTicks) return;
    this.waiting[what] = 0;
    repair();
  }
}

function fillLevel(cassette: Cassette): 'empty' | 'low' | 'ok' | 'high' | 'full' {
  if (cassette.count === 0) return 'empty';
  if (cassette.count <= cassette.capacity * LOW_SHARE) return 'low';
  if (cassette.count >= cassette.capacity) return 'full';
  return cassette.count >= cassette.capacity * HIGH_SHARE ? 'high' : 'ok';
}
