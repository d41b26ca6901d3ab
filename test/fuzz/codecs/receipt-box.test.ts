import fc from 'fast-check';
import {
  FrameParser,
  LineItem,
  MAX_LEN,
  NAK,
  STX,
  decodeStatusData,
  encodeFrame,
  encodeStatusData,
  scanLine,
} from '../../../libs/devices/src/receipt-box/receipt-box.codec';
import { bytes, chunked, flipBit, noiseWithout, scanAll } from '../support/byte-streams';
import { PURE_RUNS } from '../support/fuzz-runs';

const runs = { numRuns: PURE_RUNS };
const frame = fc.record({ cmd: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: MAX_LEN - 1 }).map((a) => Buffer.from(a)) });
const framesOf = (items: LineItem[]) => items.filter((item) => item.type === 'frame').map((item) => (item.type === 'frame' ? item.frame : undefined));

/** The receipt box's STX | LEN | CMD | DATA | ETX | BCC frames. */
describe('receipt-box frame codec under generated input', () => {
  it('scans arbitrary bytes without throwing or stalling, and holds back at most one frame', () => {
    fc.assert(
      fc.property(bytes(200), (input) => {
        const { rest } = scanAll(scanLine, input);
        expect(rest.length).toBeLessThanOrEqual(MAX_LEN + 4);
        if (rest.length > 0) expect(rest[0]).toBe(STX);
      }),
      runs,
    );
  });

  it('the incremental parser keeps its buffer bounded whatever the line sends', () => {
    fc.assert(
      fc.property(fc.array(bytes(64), { maxLength: 8 }), (chunks) => {
        const parser = new FrameParser();
        for (const chunk of chunks) {
          parser.push(chunk);
          expect(parser.buffered).toBeLessThanOrEqual(MAX_LEN + 4);
        }
      }),
      runs,
    );
  });

  it('round-trips every frame behind noise, split into arbitrary chunks', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(noiseWithout([STX, NAK]), frame), { minLength: 1, maxLength: 4 })
          .chain((pairs) => fc.tuple(fc.constant(pairs), chunked(Buffer.concat(pairs.flatMap(([noise, f]) => [noise, encodeFrame(f.cmd, f.data)]))))),
        ([pairs, chunks]) => {
          const parser = new FrameParser();
          const items = chunks.flatMap((chunk) => parser.push(chunk));
          expect(items).toEqual(pairs.map(([, f]) => ({ type: 'frame', frame: { cmd: f.cmd, data: f.data } })));
          expect(parser.buffered).toBe(0);
        },
      ),
      runs,
    );
  });

  it('detects every single-bit error in CMD, DATA, ETX or BCC by the BCC or the framing', () => {
    fc.assert(
      fc.property(
        frame.chain((f) => {
          const wire = encodeFrame(f.cmd, f.data);
          return fc.tuple(fc.constant(wire), fc.integer({ min: 2, max: wire.length - 1 }), fc.nat(7));
        }),
        ([wire, index, bit]) => {
          const items = new FrameParser().push(flipBit(wire, index, bit));
          expect(framesOf(items)).toEqual([]);
          expect(items.some((item) => item.type === 'error')).toBe(true);
        },
      ),
      runs,
    );
  });

  it('a flipped LEN never yields the original frame', () => {
    fc.assert(
      fc.property(frame, fc.nat(7), (f, bit) => {
        const wire = encodeFrame(f.cmd, f.data);
        const frames = framesOf(new FrameParser().push(flipBit(wire, 1, bit)));
        expect(frames).not.toContainEqual({ cmd: f.cmd, data: f.data });
      }),
      runs,
    );
  });

  it('refuses to encode a frame longer than LEN allows, and round-trips every status reply', () => {
    const status = fc.record({
      paperLow: fc.boolean(),
      paperOut: fc.boolean(),
      ribbonLow: fc.boolean(),
      ribbonOut: fc.boolean(),
      printHeadError: fc.boolean(),
      doorOpen: fc.boolean(),
      paperJam: fc.boolean(),
      reserved: fc.boolean(),
      totalCompartments: fc.integer({ min: 0, max: 255 }),
      fullCompartments: fc.integer({ min: 0, max: 255 }),
      linesPrinted: fc.integer({ min: 0, max: 0xffffffff }),
    });
    fc.assert(
      fc.property(status, bytes(40), (s, data) => {
        expect(decodeStatusData(encodeStatusData(s))).toEqual(s);
        if (data.length !== 7) expect(decodeStatusData(data)).toBeUndefined();
        if (data.length > MAX_LEN - 1) expect(() => encodeFrame(0x31, data)).toThrow(RangeError);
        else expect(encodeFrame(0x31, data).length).toBe(data.length + 5);
      }),
      runs,
    );
  });
});
