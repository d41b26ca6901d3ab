import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonLogger, ManualClock } from '@lobby/runtime';
import { DiskBuffer } from './disk-buffer';
import { OutboxMessage } from './outbox-message';
import { OutboxSender } from './outbox-sender';

interface Sent {
  payload: { seq: number; historical?: boolean };
  resolve: () => void;
  reject: (error: Error) => void;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const status = (seq: number): OutboxMessage => ({ topic: 'x/status', payload: JSON.stringify({ seq }), qos: 1, markHistorical: true });

describe(OutboxSender.name, () => {
  let dir: string;
  let buffer: DiskBuffer;
  let sent: Sent[];
  let caughtUp: number;
  let sender: OutboxSender;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sender-'));
    buffer = DiskBuffer.open(dir, { clock: new ManualClock() });
    sent = [];
    caughtUp = 0;
    const send = (_message: OutboxMessage, payload: string) =>
      new Promise<void>((resolve, reject) => sent.push({ payload: JSON.parse(payload) as Sent['payload'], resolve, reject }));
    sender = new OutboxSender(buffer, send, new JsonLogger('test', 'error'), { onCaughtUp: () => caughtUp++ }, 2);
  });
  afterEach(() => {
    buffer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ackAll = async () => {
    while (sent.some((s) => s.resolve)) {
      const batch = sent.splice(0);
      batch.forEach((s) => s.resolve());
      await flush();
      if (sent.length === 0) break;
    }
  };

  it('sends nothing while paused', () => {
    buffer.append(status(1));
    sender.notify();
    expect(sent).toEqual([]);
  });

  it('replays the backlog in order, historical, within its window, then goes live', async () => {
    for (let seq = 1; seq <= 5; seq++) buffer.append(status(seq));
    sender.resume();
    expect(sent.map((s) => s.payload.seq)).toEqual([1, 2]);
    expect(sent.every((s) => s.payload.historical === true)).toBe(true);
    const received: number[] = [];
    while (sent.length > 0) {
      const next = sent.shift()!;
      received.push(next.payload.seq);
      next.resolve();
      await flush();
    }
    expect(received).toEqual([1, 2, 3, 4, 5]);
    expect(buffer.queued).toBe(0);
    expect(caughtUp).toBe(1);
    expect(sender.state).toBe('live');
    buffer.append(status(6));
    sender.notify();
    expect(sent.map((s) => s.payload)).toEqual([{ seq: 6, historical: false }]);
  });

  it('re-sends what was in flight when the link dropped, as historical', async () => {
    sender.resume();
    await flush();
    expect(sender.state).toBe('live');
    buffer.append(status(1));
    buffer.append(status(2));
    sender.notify();
    sent[0].resolve();
    await flush();
    sent.splice(0).forEach((s) => s.reject(new Error('connection closed')));
    await flush();
    expect(sender.state).toBe('paused');
    expect(buffer.queued).toBe(1);
    sender.resume();
    expect(sent.map((s) => s.payload)).toEqual([{ seq: 2, historical: true }]);
    await ackAll();
    expect(buffer.queued).toBe(0);
  });

  it('ignores acks from a connection that is gone', async () => {
    buffer.append(status(1));
    sender.resume();
    const stale = sent.shift()!;
    sender.pause();
    stale.resolve();
    await flush();
    expect(buffer.queued).toBe(1);
  });

  it('moves the read position only over an acked prefix', async () => {
    for (let seq = 1; seq <= 2; seq++) buffer.append(status(seq));
    sender.resume();
    sent[1].resolve(); // the second PUBACK first
    await flush();
    expect(buffer.queued).toBe(2);
    sent[0].resolve();
    await flush();
    expect(buffer.queued).toBe(0);
  });

  it('on a clean stop sends nothing more but still records the PUBACKs of what is in flight', async () => {
    for (let seq = 1; seq <= 3; seq++) buffer.append(status(seq));
    sender.resume();
    expect(sent.map((s) => s.payload.seq)).toEqual([1, 2]);
    sender.finish();
    sent.splice(0).forEach((s) => s.resolve());
    await flush();
    expect(sent).toEqual([]);
    expect(buffer.queued).toBe(1);
  });
});
