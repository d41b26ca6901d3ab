import fc from 'fast-check';
import {
  COUNTER_HEADER,
  XOFF,
  XON,
  decodeErrorCause,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterStatus,
  encodeCounterReply,
  encodeErrorCause,
  encodeOfflineCause,
  encodePaperSensor,
  encodePrinterStatus,
  isStatusByte,
  scanCounterReply,
  scanPowerOffNotice,
  scanStatusByte,
  POWER_OFF_NOTICE,
} from '../../../libs/devices/src/ticket-printer/escpos.codec';
import { bytes, chunked, noiseWithout, scanAll } from '../support/byte-streams';
import { PURE_RUNS } from '../support/fuzz-runs';

const runs = { numRuns: PURE_RUNS };
const flags4 = fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean());

/** ESC/POS (ticket printer): status bytes, the cutter counter reply and the power-off notice. */
describe('ESC/POS codec under generated input', () => {
  it('decodes every byte without throwing, and the encoders round-trip every status', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), flags4, (byte, [a, b, c, d]) => {
        decodePrinterStatus(byte);
        decodeOfflineCause(byte);
        decodeErrorCause(byte);
        decodePaperSensor(byte);
        const printer = { drawerHigh: a, offline: b, waitingForRecovery: c, feedButtonPressed: d };
        const offline = { coverOpen: a, feedingByButton: b, stoppedByPaperEnd: c, errorOccurred: d };
        const error = { mechanicalError: a, autoCutterError: b, unrecoverableError: c, autoRecoverableError: d };
        const paper = { nearEnd: a, paperEnd: b };
        for (const encoded of [encodePrinterStatus(printer), encodeOfflineCause(offline), encodeErrorCause(error), encodePaperSensor(paper)]) {
          expect(isStatusByte(encoded)).toBe(true);
        }
        expect(decodePrinterStatus(encodePrinterStatus(printer))).toEqual(printer);
        expect(decodeOfflineCause(encodeOfflineCause(offline))).toEqual(offline);
        expect(decodeErrorCause(encodeErrorCause(error))).toEqual(error);
        expect(decodePaperSensor(encodePaperSensor(paper))).toEqual(paper);
      }),
      runs,
    );
  });

  it('scans arbitrary bytes for status bytes: progress every step, only real status bytes, in order', () => {
    fc.assert(
      fc.property(bytes(), (input) => {
        const { values, rest } = scanAll(scanStatusByte, input);
        expect(values).toEqual([...input].filter(isStatusByte));
        expect(rest.length).toBe(0);
      }),
      runs,
    );
  });

  it('scans arbitrary bytes for a counter reply without throwing or stalling; a value is always a counter', () => {
    fc.assert(
      fc.property(bytes(), (input) => {
        const { values, rest } = scanAll(scanCounterReply, input);
        for (const value of values) {
          expect(Number.isSafeInteger(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1e10);
        }
        // What is kept back waiting for more bytes starts with the header of an unfinished reply.
        if (rest.length > 0) expect(rest[0]).toBe(COUNTER_HEADER);
      }),
      runs,
    );
  });

  it('finds every counter reply behind noise, with XON/XOFF interleaved and split into chunks', () => {
    const reply = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), noiseWithout([COUNTER_HEADER]), fc.array(fc.constantFrom(XON, XOFF), { maxLength: 3 }), fc.nat())
      .map(([count, noise, flow, at]) => {
        const encoded = encodeCounterReply(count);
        const cut = 1 + (at % (encoded.length - 1));
        return { count, wire: Buffer.concat([noise, encoded.subarray(0, cut), Buffer.from(flow), encoded.subarray(cut)]) };
      });
    fc.assert(
      fc.property(
        fc.array(reply, { minLength: 1, maxLength: 4 }).chain((replies) => fc.tuple(fc.constant(replies), chunked(Buffer.concat(replies.map((r) => r.wire))))),
        ([replies, chunks]) => {
          let pending: Buffer = Buffer.alloc(0);
          const found: number[] = [];
          for (const chunk of chunks) {
            const { values, rest } = scanAll(scanCounterReply, Buffer.concat([pending, chunk]));
            found.push(...values);
            pending = rest;
          }
          expect(found).toEqual(replies.map((r) => r.count));
        },
      ),
      runs,
    );
  });

  it('scans arbitrary bytes for the power-off notice; a notice behind noise is always found', () => {
    fc.assert(
      fc.property(bytes(), noiseWithout([POWER_OFF_NOTICE[0]]), (input, noise) => {
        scanAll(scanPowerOffNotice, input);
        const { values } = scanAll(scanPowerOffNotice, Buffer.concat([noise, POWER_OFF_NOTICE]));
        expect(values).toEqual([true]);
      }),
      runs,
    );
  });
});
