import fc from 'fast-check';
import { ScanStep } from '@lobby/devices';

/** Arbitrary bytes as a Buffer (line noise, truncated frames, anything a serial line may carry). */
export const bytes = (maxLength = 96): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));

/** Bytes that never contain any of `excluded` (noise that cannot start a frame). */
export const noiseWithout = (excluded: readonly number[], maxLength = 24): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ maxLength }).map((array) => Buffer.from(array.filter((byte) => !excluded.includes(byte))));

/** A buffer cut into chunks at arbitrary points, as a serial port delivers it. */
export const chunked = (buffer: Buffer): fc.Arbitrary<Buffer[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, buffer.length - 1) }), { maxLength: 6 }).map((cuts) => {
    const points = [0, ...cuts.filter((cut) => cut < buffer.length).sort((a, b) => a - b), buffer.length];
    return points.slice(1).map((end, index) => buffer.subarray(points[index], end));
  });

/** Flips bit `bit` (0..7) of byte `index` in a copy. */
export function flipBit(buffer: Buffer, index: number, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] ^= 1 << bit;
  return copy;
}

/**
 * Runs a scan the way `ByteReader` does (drop `consumed`, repeat while it made progress) and
 * checks the scan's own promises on every step: `consumed` within the buffer, and a bounded
 * number of steps (a scan that neither finishes nor consumes would spin the driver forever).
 */
export function scanAll<T>(scan: (bytes: Buffer) => ScanStep<T>, input: Buffer): { values: T[]; rest: Buffer } {
  const values: T[] = [];
  let buffer = input;
  for (let steps = 0; steps <= input.length + 1; steps += 1) {
    if (buffer.length === 0) return { values, rest: buffer };
    const step = scan(buffer);
    if (!Number.isInteger(step.consumed) || step.consumed < 0 || step.consumed > buffer.length) {
      throw new Error(`scan consumed ${step.consumed} of ${buffer.length} bytes`);
    }
    if (step.done && step.consumed === 0) throw new Error('scan returned a value without consuming a byte');
    buffer = buffer.subarray(step.consumed);
    if (step.done) values.push(step.value);
    else if (step.consumed === 0) return { values, rest: buffer };
  }
  throw new Error(`scan made no progress after ${input.length + 1} steps`);
}
