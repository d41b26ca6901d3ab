import { ScanStep } from '../core/byte-reader';

/**
 * The receipt box's framed protocol (docs/protocols/receipt-box.md), pure: `STX | LEN | CMD | DATA | ETX | BCC`,
 * LEN = CMD+DATA bytes, BCC = XOR of LEN..ETX; NAK `15` answers a bad frame.
 */
export const STX = 0x02;
export const ETX = 0x03;
export const NAK = 0x15;

export const CMD_STATUS = 0x31;
export const CMD_RIBBON_RESET = 0x32;
export const RIBBON_RESET_OK = 0x00;

/** Longest LEN we believe: the largest real frame is a status reply (1 + 7). */
export const MAX_LEN = 32;
const FRAME_OVERHEAD = 4;
const STATUS_DATA_LENGTH = 7;

export interface Frame {
  cmd: number;
  data: Buffer;
}

export type FrameError = 'bad-bcc' | 'bad-length';

/** One thing found on the line: a good frame, a NAK, or a frame to answer with NAK. */
export type LineItem = { type: 'frame'; frame: Frame } | { type: 'nak' } | { type: 'error'; error: FrameError };

export function bcc(bytes: Buffer): number {
  let x = 0;
  for (const byte of bytes) x ^= byte;
  return x;
}

export function encodeFrame(cmd: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const len = 1 + data.length;
  if (len > MAX_LEN) throw new RangeError(`frame data too long: ${data.length}`);
  const body = Buffer.concat([Buffer.from([len, cmd]), data, Buffer.from([ETX])]);
  return Buffer.concat([Buffer.from([STX]), body, Buffer.from([bcc(body)])]);
}

/**
 * Finds the next item in a byte stream. Bytes before an STX or NAK are noise. A frame whose
 * length and ETX fit but whose BCC does not is consumed whole (`bad-bcc`); an STX whose LEN is
 * implausible or whose ETX is not where LEN says is dropped alone (`bad-length`) so the real
 * frame that may start inside it is still found. An incomplete frame waits, unless a complete
 * good frame already follows it (then it was noise).
 */
export function scanLine(bytes: Buffer): ScanStep<LineItem> {
  const start = bytes.findIndex((b) => b === STX || b === NAK);
  if (start < 0) return { done: false, consumed: bytes.length };
  if (bytes[start] === NAK) return { done: true, value: { type: 'nak' }, consumed: start + 1 };
  const candidate = checkFrameAt(bytes, start);
  if (candidate.kind === 'frame') return { done: true, value: { type: 'frame', frame: candidate.frame }, consumed: candidate.end };
  if (candidate.kind === 'error') {
    const consumed = candidate.error === 'bad-bcc' ? candidate.end : start + 1;
    return { done: true, value: { type: 'error', error: candidate.error }, consumed };
  }
  const later = findGoodFrameAfter(bytes, start + 1);
  if (later) return { done: true, value: { type: 'frame', frame: later.frame }, consumed: later.end };
  return { done: false, consumed: start };
}

type Candidate = { kind: 'frame'; frame: Frame; end: number } | { kind: 'error'; error: FrameError; end: number } | { kind: 'incomplete' };

function checkFrameAt(bytes: Buffer, start: number): Candidate {
  if (bytes.length < start + 2) return { kind: 'incomplete' };
  const len = bytes[start + 1];
  if (len < 1 || len > MAX_LEN) return { kind: 'error', error: 'bad-length', end: start + 1 };
  const end = start + len + FRAME_OVERHEAD;
  if (bytes.length < end) return { kind: 'incomplete' };
  if (bytes[end - 2] !== ETX) return { kind: 'error', error: 'bad-length', end: start + 1 };
  if (bcc(bytes.subarray(start + 1, end - 1)) !== bytes[end - 1]) return { kind: 'error', error: 'bad-bcc', end };
  return { kind: 'frame', frame: { cmd: bytes[start + 2], data: Buffer.from(bytes.subarray(start + 3, end - 2)) }, end };
}

function findGoodFrameAfter(bytes: Buffer, from: number): { frame: Frame; end: number } | undefined {
  for (let at = bytes.indexOf(STX, from); at >= 0; at = bytes.indexOf(STX, at + 1)) {
    const candidate = checkFrameAt(bytes, at);
    if (candidate.kind === 'frame') return candidate;
  }
  return undefined;
}

/** Incremental form of `scanLine` for a receiver fed chunk by chunk (the simulator). */
export class FrameParser {
  private pending = Buffer.alloc(0);

  /** Bytes held back as the start of an incomplete frame. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Buffer): LineItem[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const items: LineItem[] = [];
    for (;;) {
      const step = scanLine(this.pending);
      this.pending = this.pending.subarray(step.consumed);
      if (step.done) items.push(step.value);
      else if (step.consumed === 0 || this.pending.length === 0) return items;
    }
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}

export interface ReceiptBoxStatus {
  paperLow: boolean;
  paperOut: boolean;
  ribbonLow: boolean;
  ribbonOut: boolean;
  printHeadError: boolean;
  doorOpen: boolean;
  paperJam: boolean;
  /** bit 7, reserved (0); kept so a box that sets it can be noticed. */
  reserved: boolean;
  totalCompartments: number;
  fullCompartments: number;
  linesPrinted: number;
}

const FLAG_BITS = ['paperLow', 'paperOut', 'ribbonLow', 'ribbonOut', 'printHeadError', 'doorOpen', 'paperJam', 'reserved'] as const;

export function statusRequest(): Buffer {
  return encodeFrame(CMD_STATUS);
}

export function ribbonResetRequest(): Buffer {
  return encodeFrame(CMD_RIBBON_RESET);
}

export function encodeStatusData(status: ReceiptBoxStatus): Buffer {
  const data = Buffer.alloc(STATUS_DATA_LENGTH);
  data[0] = FLAG_BITS.reduce((flags, name, bit) => flags | (status[name] ? 1 << bit : 0), 0);
  data[1] = status.totalCompartments;
  data[2] = status.fullCompartments;
  data.writeUInt32BE(status.linesPrinted >>> 0, 3);
  return data;
}

/** The status reply's DATA, or undefined when it is not 7 bytes. */
export function decodeStatusData(data: Buffer): ReceiptBoxStatus | undefined {
  if (data.length !== STATUS_DATA_LENGTH) return undefined;
  const flags = Object.fromEntries(FLAG_BITS.map((name, bit) => [name, (data[0] & (1 << bit)) !== 0])) as Record<(typeof FLAG_BITS)[number], boolean>;
  return { ...flags, totalCompartments: data[1], fullCompartments: data[2], linesPrinted: data.readUInt32BE(3) };
}
