import { ConsumableLevel, DeviceReading, DeviceState, FaultCode } from '@lobby/contracts';
import { ReceiptBoxStatus } from './receipt-box.codec';

/**
 * Status reply → normalized reading (docs/protocols/receipt-box.md, §2).
 * state: `fault` for any fault code, paper out or ribbon out (nothing legible can be printed);
 * `warning` for paper low or ribbon low; otherwise `ok`. All compartments full is the fault
 * `compartments-full`; a box reporting no compartments never is.
 */
export function toReceiptBoxReading(status: ReceiptBoxStatus): DeviceReading {
  const faults = faultsOf(status);
  const paper = level(status.paperOut, status.paperLow);
  const ribbon = level(status.ribbonOut, status.ribbonLow);
  return {
    kind: 'receipt-box',
    link: 'up',
    state: stateOf(faults, [paper, ribbon]),
    faults,
    consumables: { paper: { level: paper }, ribbon: { level: ribbon } },
    counters: { linesPrinted: status.linesPrinted },
    compartments: { total: status.totalCompartments, full: status.fullCompartments },
  };
}

/** No answer: the last known state stays (stale, marked by `link: 'down'`). */
export function silentReceiptBoxReading(previous: DeviceReading | undefined): DeviceReading {
  return { ...baseOf(previous), link: 'down' };
}

/** The box answers, but only with frames that never check out after the retries. */
export function garbledReceiptBoxReading(previous: DeviceReading | undefined): DeviceReading {
  return { ...baseOf(previous), link: 'up', state: 'fault', faults: ['protocol-error'] };
}

function baseOf(previous: DeviceReading | undefined): DeviceReading {
  return {
    kind: 'receipt-box',
    link: previous?.link ?? 'down',
    state: previous?.state ?? 'ok',
    faults: previous?.faults ?? [],
    consumables: previous?.consumables ?? { paper: { level: 'unknown' }, ribbon: { level: 'unknown' } },
    ...(previous?.counters ? { counters: previous.counters } : {}),
    ...(previous?.compartments ? { compartments: previous.compartments } : {}),
  };
}

function faultsOf(status: ReceiptBoxStatus): FaultCode[] {
  const faults: FaultCode[] = [];
  if (status.printHeadError) faults.push('print-head-error');
  if (status.doorOpen) faults.push('door-open');
  if (status.paperJam) faults.push('paper-jam');
  if (status.totalCompartments > 0 && status.fullCompartments >= status.totalCompartments) faults.push('compartments-full');
  return faults;
}

function level(out: boolean, low: boolean): ConsumableLevel {
  if (out) return 'out';
  return low ? 'low' : 'ok';
}

function stateOf(faults: FaultCode[], levels: ConsumableLevel[]): DeviceState {
  if (faults.length > 0 || levels.includes('out')) return 'fault';
  return levels.includes('low') ? 'warning' : 'ok';
}
