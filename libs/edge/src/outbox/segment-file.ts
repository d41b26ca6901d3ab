import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOutboxMessage, OutboxMessage } from './outbox-message';

const SEGMENT_PATTERN = /^segment-(\d{8})\.jsonl$/;

export function segmentFileName(segment: number): string {
  return `segment-${String(segment).padStart(8, '0')}.jsonl`;
}

/** Segment numbers present in `dir`, oldest first. */
export function listSegments(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((name) => SEGMENT_PATTERN.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** A valid line's place; its message is read again when sent (a scan keeps none in memory). */
export interface ScannedLine {
  offset: number;
  length: number;
}

export interface SegmentScan {
  lines: ScannedLine[];
  /** Lines that were not a valid message (disk corruption): skipped and counted. */
  corrupt: number;
  /** Where the last complete line ends; bytes after it are a torn write from a crash. */
  validEnd: number;
  size: number;
}

/** Reads one segment from `from` on, line by line. Never throws on bad content. */
export function scanSegment(file: string, from: number): SegmentScan {
  const data = fs.readFileSync(file);
  const lines: ScannedLine[] = [];
  let corrupt = 0;
  let start = Math.min(from, data.length);
  for (;;) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) break;
    if (parseLine(data.subarray(start, end))) lines.push({ offset: start, length: end + 1 - start });
    else corrupt++;
    start = end + 1;
  }
  return { lines, corrupt, validEnd: start, size: data.length };
}

function parseLine(bytes: Buffer): OutboxMessage | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return isOutboxMessage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function segmentPath(dir: string, segment: number): string {
  return path.join(dir, segmentFileName(segment));
}
