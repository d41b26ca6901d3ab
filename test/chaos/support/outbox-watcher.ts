import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every device status a real edge agent produced, read from its disk buffer as it runs: each
 * status goes through `{bufferPath}/outbox/segment-*.jsonl` before it is sent, and the persisted
 * cursor (`cursor.json`) says how far the agent got PUBACKs (or dropped for room). Segment files
 * are read again every 100 ms and remembered, so a consumed segment the agent deletes is not
 * forgotten here.
 */
export interface ProducedStatus {
  seq: number;
  deviceId: string;
  segment: number;
  /** Byte offset of the line in its segment. */
  offset: number;
  body: Record<string, unknown>;
}

export interface OutboxCursor {
  segment: number;
  offset: number;
  dropped: number;
}

const SEGMENT = /^segment-(\d{8})\.jsonl$/;
const STATUS_TOPIC = /^lobby\/v1\/[^/]+\/device\/([^/]+)\/status$/;

export class OutboxWatcher {
  readonly statuses = new Map<number, ProducedStatus>();
  private timer?: NodeJS.Timeout;
  private readonly outbox: string;

  constructor(bufferPath: string) {
    this.outbox = path.join(bufferPath, 'outbox');
  }

  start(): void {
    this.scan();
    this.timer = setInterval(() => this.scan(), 100);
  }

  stop(): void {
    clearInterval(this.timer);
    this.scan();
  }

  cursor(): OutboxCursor {
    try {
      const raw = JSON.parse(fs.readFileSync(path.join(this.outbox, 'cursor.json'), 'utf8')) as Partial<OutboxCursor>;
      return { segment: raw.segment ?? 1, offset: raw.offset ?? 0, dropped: raw.dropped ?? 0 };
    } catch {
      return { segment: 1, offset: 0, dropped: 0 };
    }
  }

  /** Statuses before the persisted cursor: PUBACKed by the broker (or dropped for room). */
  passed(cursor = this.cursor()): ProducedStatus[] {
    return [...this.statuses.values()].filter((s) => s.segment < cursor.segment || (s.segment === cursor.segment && s.offset < cursor.offset));
  }

  /** Whether the cursor stands at the end of the newest segment: nothing left to send. */
  drained(): boolean {
    this.scan();
    const cursor = this.cursor();
    const newest = [...this.statuses.values()].reduce((max, s) => Math.max(max, s.segment), 0);
    if (cursor.segment < newest) return false;
    try {
      return fs.statSync(path.join(this.outbox, `segment-${String(cursor.segment).padStart(8, '0')}.jsonl`)).size <= cursor.offset;
    } catch {
      return true;
    }
  }

  /** The last status of each device (by seq): what its live state must show once all is sent. */
  lastPerDevice(): Map<string, ProducedStatus> {
    const last = new Map<string, ProducedStatus>();
    for (const status of this.statuses.values()) {
      const seen = last.get(status.deviceId);
      if (!seen || seen.seq < status.seq) last.set(status.deviceId, status);
    }
    return last;
  }

  private scan(): void {
    if (!fs.existsSync(this.outbox)) return;
    for (const name of fs.readdirSync(this.outbox)) {
      const match = SEGMENT.exec(name);
      if (!match) continue;
      let text: Buffer;
      try {
        text = fs.readFileSync(path.join(this.outbox, name));
      } catch {
        continue; // deleted between readdir and read
      }
      this.readSegment(Number(match[1]), text);
    }
  }

  private readSegment(segment: number, text: Buffer): void {
    let offset = 0;
    while (offset < text.length) {
      const end = text.indexOf(0x0a, offset);
      if (end < 0) return; // a line being written right now
      const line = text.subarray(offset, end).toString('utf8');
      this.readLine(segment, offset, line);
      offset = end + 1;
    }
  }

  private readLine(segment: number, offset: number, line: string): void {
    let entry: { topic?: string; payload?: string };
    try {
      entry = JSON.parse(line) as { topic?: string; payload?: string };
    } catch {
      return;
    }
    const match = STATUS_TOPIC.exec(entry.topic ?? '');
    if (!match || !entry.payload) return;
    const body = JSON.parse(entry.payload) as Record<string, unknown>;
    const seq = body.seq as number;
    if (!this.statuses.has(seq)) this.statuses.set(seq, { seq, deviceId: match[1], segment, offset, body });
  }
}
