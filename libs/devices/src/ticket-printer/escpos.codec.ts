import { ScanStep } from '../core/byte-reader';

/**
 * ESC/POS as the queue-ticket printer speaks it (docs/protocols/ticket-printer.md). Pure functions only: the
 * requests' bytes, which reply bytes are valid, what each bit means.
 */
export const DLE = 0x10;
export const EOT = 0x04;
export const GS = 0x1d;
export const XON = 0x11;
export const XOFF = 0x13;
export const COUNTER_HEADER = 0x5f;
export const COUNTER_END = 0x00;

export type StatusKind = 1 | 2 | 3 | 4;
export const STATUS_KINDS: readonly StatusKind[] = [1, 2, 3, 4];

/** GS g 2: read the auto-cutter counter (one cut = one ticket). */
export const COUNTER_REQUEST = Buffer.from([0x1d, 0x67, 0x32, 0x00, 0x32, 0x00]);

/**
 * GS g 0 m=0 n=50: reset the resettable auto-cutter counter (the one GS g 2 n=50 reads) to 0. The
 * printer sends no reply; the next GS g 2 shows whether it took it. Cumulative counters cannot be
 * reset, and the printer keeps no paper length: it cannot say how much of a roll is left.
 */
export const COUNTER_RESET_REQUEST = Buffer.from([0x1d, 0x67, 0x30, 0x00, 0x32, 0x00]);

/**
 * DLE DC4 fn=2 "execute power-off sequence" (`10 14 02 01 08`); the printer answers with the
 * power-off notice `3B 30 00` and goes quiet. Not in docs/protocols/ticket-printer.md: used only for printers
 * configured with `supportsPowerOff`.
 */
export const POWER_OFF_REQUEST = Buffer.from([0x10, 0x14, 0x02, 0x01, 0x08]);
export const POWER_OFF_NOTICE = Buffer.from([0x3b, 0x30, 0x00]);

/** Longest counter value we accept: 10 digits covers the printer's 32-bit counter. */
const MAX_COUNTER_DIGITS = 10;

export function statusRequest(n: StatusKind): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

/** Every valid real-time status byte matches `0xx1xx10`: bit 7 = 0, bit 4 = 1, bits 1/0 = 1/0. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export interface PrinterStatus {
  drawerHigh: boolean;
  offline: boolean;
  waitingForRecovery: boolean;
  feedButtonPressed: boolean;
}
export interface OfflineCause {
  coverOpen: boolean;
  feedingByButton: boolean;
  stoppedByPaperEnd: boolean;
  errorOccurred: boolean;
}
export interface ErrorCause {
  mechanicalError: boolean;
  autoCutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}
export interface PaperSensor {
  nearEnd: boolean;
  paperEnd: boolean;
}

const bit = (byte: number, mask: number): boolean => (byte & mask) !== 0;

export function decodePrinterStatus(byte: number): PrinterStatus {
  return { drawerHigh: bit(byte, 0x04), offline: bit(byte, 0x08), waitingForRecovery: bit(byte, 0x20), feedButtonPressed: bit(byte, 0x40) };
}

export function decodeOfflineCause(byte: number): OfflineCause {
  return { coverOpen: bit(byte, 0x04), feedingByButton: bit(byte, 0x08), stoppedByPaperEnd: bit(byte, 0x20), errorOccurred: bit(byte, 0x40) };
}

export function decodeErrorCause(byte: number): ErrorCause {
  return { mechanicalError: bit(byte, 0x04), autoCutterError: bit(byte, 0x08), unrecoverableError: bit(byte, 0x20), autoRecoverableError: bit(byte, 0x40) };
}

/** Printers set one or both bits of each pair; the contract says either bit counts. */
export function decodePaperSensor(byte: number): PaperSensor {
  return { nearEnd: bit(byte, 0x0c), paperEnd: bit(byte, 0x60) };
}

export function encodePrinterStatus(s: PrinterStatus): number {
  return 0x12 | flag(s.drawerHigh, 0x04) | flag(s.offline, 0x08) | flag(s.waitingForRecovery, 0x20) | flag(s.feedButtonPressed, 0x40);
}
export function encodeOfflineCause(s: OfflineCause): number {
  return 0x12 | flag(s.coverOpen, 0x04) | flag(s.feedingByButton, 0x08) | flag(s.stoppedByPaperEnd, 0x20) | flag(s.errorOccurred, 0x40);
}
export function encodeErrorCause(s: ErrorCause): number {
  return 0x12 | flag(s.mechanicalError, 0x04) | flag(s.autoCutterError, 0x08) | flag(s.unrecoverableError, 0x20) | flag(s.autoRecoverableError, 0x40);
}
/** Real printers set both bits of a pair; so does the simulator. */
export function encodePaperSensor(s: PaperSensor): number {
  return 0x12 | flag(s.nearEnd, 0x0c) | flag(s.paperEnd, 0x60);
}

const flag = (on: boolean, mask: number): number => (on ? mask : 0);

/** The four real-time replies of one poll. */
export interface StatusSet {
  printer: PrinterStatus;
  offline: OfflineCause;
  error: ErrorCause;
  paper: PaperSensor;
}

export function decodeStatusSet(bytes: Record<StatusKind, number>): StatusSet {
  return {
    printer: decodePrinterStatus(bytes[1]),
    offline: decodeOfflineCause(bytes[2]),
    error: decodeErrorCause(bytes[3]),
    paper: decodePaperSensor(bytes[4]),
  };
}

/** Finds the first valid status byte; bytes before it are noise (XON/XOFF, line garbage). */
export function scanStatusByte(bytes: Buffer): ScanStep<number> {
  for (let i = 0; i < bytes.length; i += 1) {
    if (isStatusByte(bytes[i])) return { done: true, value: bytes[i], consumed: i + 1 };
  }
  return { done: false, consumed: bytes.length };
}

export function encodeCounterReply(count: number): Buffer {
  return Buffer.concat([Buffer.from([COUNTER_HEADER]), Buffer.from(String(Math.max(0, Math.trunc(count))), 'ascii'), Buffer.from([COUNTER_END])]);
}

/**
 * Finds `5F digits 00` in a byte stream. XON/XOFF may be interleaved anywhere (flow control
 * inserted by the line) and are skipped; a header followed by anything else is noise.
 */
export function scanCounterReply(bytes: Buffer): ScanStep<number> {
  for (let start = bytes.indexOf(COUNTER_HEADER); start >= 0; start = bytes.indexOf(COUNTER_HEADER, start + 1)) {
    const result = readCounterAt(bytes, start);
    if (result === 'incomplete') return { done: false, consumed: start };
    if (result !== 'invalid') return { done: true, value: result.value, consumed: result.end };
  }
  return { done: false, consumed: bytes.length };
}

function readCounterAt(bytes: Buffer, start: number): { value: number; end: number } | 'incomplete' | 'invalid' {
  let digits = '';
  for (let i = start + 1; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === XON || byte === XOFF) continue;
    if (byte === COUNTER_END) return digits.length > 0 ? { value: Number(digits), end: i + 1 } : 'invalid';
    if (byte < 0x30 || byte > 0x39 || digits.length >= MAX_COUNTER_DIGITS) return 'invalid';
    digits += String.fromCharCode(byte);
  }
  return 'incomplete';
}

/** Finds the power-off notice `3B 30 00`. */
export function scanPowerOffNotice(bytes: Buffer): ScanStep<true> {
  const at = bytes.indexOf(POWER_OFF_NOTICE);
  if (at >= 0) return { done: true, value: true, consumed: at + POWER_OFF_NOTICE.length };
  // Keep a possible partial notice at the end; drop everything before it.
  return { done: false, consumed: Math.max(0, bytes.length - (POWER_OFF_NOTICE.length - 1)) };
}
