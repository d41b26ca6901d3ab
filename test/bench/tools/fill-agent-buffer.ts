/**
 * Fills an edge agent's buffer directory as the agent would while its centre is unreachable,
 * with the agent's own classes: `DiskBuffer` writes the segment files and cursor, and each
 * message is what `Publisher.enqueue` appends for a device status (`{seq, ts, ...reading}`,
 * QoS 1, marked historical). Only the seq counter is written once at the end instead of once per
 * status (the agent persists every seq before handing it out: a million small atomic writes would
 * measure this tool, not the drain); `SequenceStore` reads it back to check its format.
 * Configured by the JSON in BENCH_FILL; prints `{"filled",…}` when done.
 */
import * as path from 'node:path';
import { SystemClock } from '@lobby/runtime';
import { writeFileAtomic } from '../../../libs/edge/src/fs/atomic-file';
import { DiskBuffer } from '../../../libs/edge/src/outbox/disk-buffer';
import { OutboxMessage } from '../../../libs/edge/src/outbox/outbox-message';
import { SequenceStore } from '../../../libs/edge/src/sequence.store';
import { bufferedStatus } from './buffered-status';

export interface FillPlan {
  bufferPath: string;
  branch: string;
  devices: number;
  statuses: number;
  /** The agent's `bufferMaxBytes`: the buffer drops its oldest entries beyond it, as the agent's would. */
  maxBytes: number;
}

export interface FillResult {
  filled: number;
  bytes: number;
  dropped: number;
  lastSeq: number;
  ms: number;
}

function fill(plan: FillPlan): FillResult {
  const started = Date.now();
  const clock = new SystemClock();
  const first = SequenceStore.open(plan.bufferPath).current;
  const buffer = DiskBuffer.open(plan.bufferPath, { clock, maxBytes: plan.maxBytes });
  for (let i = 0; i < plan.statuses; i++) {
    const { topic, body } = bufferedStatus(plan.branch, plan.devices, i, clock.isoNow());
    const message: OutboxMessage = { topic, payload: JSON.stringify({ seq: first + i + 1, ...body }), qos: 1, markHistorical: true };
    buffer.append(message);
  }
  const result = { filled: buffer.queued, bytes: buffer.bytes, dropped: buffer.dropped, lastSeq: first + plan.statuses };
  buffer.close();
  writeFileAtomic(path.join(plan.bufferPath, 'seq.json'), JSON.stringify({ seq: result.lastSeq }));
  const stored = SequenceStore.open(plan.bufferPath).current;
  if (stored !== result.lastSeq) throw new Error(`seq.json reads back as ${stored}, not ${result.lastSeq}`);
  return { ...result, ms: Date.now() - started };
}

if (require.main === module) {
  try {
    const result = fill(JSON.parse(process.env.BENCH_FILL ?? '{}') as FillPlan);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`fill failed: ${(error as Error).stack}\n`);
    process.exit(1);
  }
}
