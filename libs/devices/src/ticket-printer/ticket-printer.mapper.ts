import { ConsumableLevel, DeviceReading, DeviceState, FaultCode } from '@lobby/contracts';
import { StatusSet } from './escpos.codec';

/**
 * Four real-time status bytes → normalized reading (docs/protocols/ticket-printer.md, §2).
 *
 * state, first match wins:
 *  - `fault`: any fault code, paper end, or the printer says "error occurred" (n=2 bit 6)
 *    even when n=3 names no cause;
 *  - `offline`: the printer reports itself offline (n=1 bit 3) with none of the above, e.g.
 *    while paper is fed by the button: the printer says so, and it issues no tickets meanwhile;
 *  - `warning`: paper near-end;
 *  - `ok` otherwise.
 */
export function toTicketPrinterReading(status: StatusSet, ticketsPrinted: number | undefined): DeviceReading {
  const faults = faultsOf(status);
  const paper = paperLevel(status);
  return {
    kind: 'ticket-printer',
    link: 'up',
    state: stateOf(status, faults, paper),
    faults,
    consumables: { paper: { level: paper } },
    ...(ticketsPrinted === undefined ? {} : { counters: { ticketsPrinted } }),
  };
}

/**
 * A printer that stopped answering. Like the other drivers, the last known state stays (stale,
 * marked by `link: 'down'`) so a lost poll never looks like a repair; a printer we switched off
 * ourselves is `power-off`.
 */
export function silentTicketPrinterReading(previous: DeviceReading | undefined, poweredOff: boolean): DeviceReading {
  return {
    kind: 'ticket-printer',
    link: 'down',
    state: poweredOff ? 'power-off' : (previous?.state ?? 'ok'),
    faults: poweredOff ? [] : (previous?.faults ?? []),
    consumables: previous?.consumables ?? { paper: { level: 'unknown' } },
    ...(previous?.counters ? { counters: previous.counters } : {}),
  };
}

function faultsOf({ offline, error }: StatusSet): FaultCode[] {
  const faults: FaultCode[] = [];
  if (offline.coverOpen) faults.push('cover-open');
  if (error.autoCutterError) faults.push('cutter-error');
  if (error.mechanicalError) faults.push('mechanical-error');
  if (error.unrecoverableError) faults.push('unrecoverable-error');
  if (error.autoRecoverableError) faults.push('recoverable-error');
  return faults;
}

function paperLevel({ paper, offline }: StatusSet): ConsumableLevel {
  if (paper.paperEnd || offline.stoppedByPaperEnd) return 'out';
  return paper.nearEnd ? 'low' : 'ok';
}

function stateOf(status: StatusSet, faults: FaultCode[], paper: ConsumableLevel): DeviceState {
  if (faults.length > 0 || paper === 'out' || status.offline.errorOccurred) return 'fault';
  if (status.printer.offline) return 'offline';
  return paper === 'low' ? 'warning' : 'ok';
}
