import fc from 'fast-check';
import {
  coilsResponse,
  crc16Modbus,
  decodeRequest,
  decodeResponse,
  exceptionResponse,
  hasValidCrc,
  readCoilsRequest,
  readInputRegistersRequest,
  registersResponse,
  writeSingleCoilRequest,
  writeSingleCoilResponse,
} from '../../../libs/devices/src/light-box/modbus-rtu.codec';
import { bytes, flipBit } from '../support/byte-streams';
import { PURE_RUNS } from '../support/fuzz-runs';

const runs = { numRuns: PURE_RUNS };
const unitId = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });

/** Every reply the light-box controller can send, with what it must decode to. */
const validReply = fc.oneof(
  fc.tuple(unitId, fc.array(fc.boolean(), { minLength: 1, maxLength: 64 })).map(([unit, bits]) => ({
    frame: coilsResponse(unit, bits),
    check: (decoded: unknown) => expect(decoded).toEqual({ type: 'coils', unitId: unit, bits: [...bits, ...Array<boolean>((8 - (bits.length % 8)) % 8).fill(false)] }),
  })),
  fc.tuple(unitId, fc.array(u16, { maxLength: 60 })).map(([unit, values]) => ({
    frame: registersResponse(unit, values),
    check: (decoded: unknown) => expect(decoded).toEqual({ type: 'registers', unitId: unit, values }),
  })),
  fc.tuple(unitId, u16, fc.boolean()).map(([unit, address, on]) => ({
    frame: writeSingleCoilResponse(unit, address, on),
    check: (decoded: unknown) => expect(decoded).toEqual({ type: 'coil-written', unitId: unit, address, on }),
  })),
  fc.tuple(unitId, fc.integer({ min: 1, max: 0x7f }), fc.integer({ min: 0, max: 255 })).map(([unit, functionCode, exceptionCode]) => ({
    frame: exceptionResponse(unit, functionCode, exceptionCode),
    check: (decoded: unknown) => expect(decoded).toEqual({ type: 'exception', unitId: unit, functionCode, exceptionCode }),
  })),
);

/** Modbus RTU (light box): CRC-16/MODBUS, the replies the agent decodes, the requests the simulator decodes. */
describe('Modbus RTU codec under generated input', () => {
  it('computes the published check value', () => {
    expect(crc16Modbus(Buffer.from('123456789', 'ascii'))).toBe(0x4b37);
  });

  it('decodes arbitrary bytes without throwing; whatever it accepts carries a valid CRC', () => {
    fc.assert(
      fc.property(bytes(300), (input) => {
        const result = decodeResponse(input);
        if (result.status === 'ok') {
          expect(result.length).toBeLessThanOrEqual(input.length);
          expect(hasValidCrc(input.subarray(0, result.length))).toBe(true);
        }
        if (result.status === 'invalid') expect(result.length).toBeGreaterThanOrEqual(1);
        const request = decodeRequest(input);
        if (request.status === 'ok') expect(hasValidCrc(input.subarray(0, request.length))).toBe(true);
        if (request.status === 'invalid') expect(request.length).toBeGreaterThanOrEqual(1);
      }),
      runs,
    );
  });

  it('round-trips every valid reply, also with trailing bytes after it', () => {
    fc.assert(
      fc.property(validReply, bytes(8), ({ frame, check }, trailing) => {
        const result = decodeResponse(Buffer.concat([frame, trailing]));
        expect(result.status).toBe('ok');
        if (result.status !== 'ok') return;
        expect(result.length).toBe(frame.length);
        check(result.response);
        // A truncated reply is never taken for a whole one.
        expect(decodeResponse(frame.subarray(0, frame.length - 1)).status).toBe('incomplete');
      }),
      runs,
    );
  });

  it('detects every single- and double-bit error in a reply by its CRC', () => {
    fc.assert(
      fc.property(
        validReply.chain(({ frame }) => fc.tuple(fc.constant(frame), fc.nat(frame.length * 8 - 1), fc.option(fc.nat(frame.length * 8 - 1)))),
        ([frame, first, second]) => {
          let damaged = flipBit(frame, first >> 3, first & 7);
          if (second !== null && second !== first) damaged = flipBit(damaged, second >> 3, second & 7);
          expect(hasValidCrc(damaged)).toBe(false);
          const result = decodeResponse(damaged);
          // A flipped length byte may make it look incomplete or shorter, never a good frame of this length.
          if (result.status === 'ok') expect(result.length).not.toBe(frame.length);
        },
      ),
      runs,
    );
  });

  it('round-trips every request the agent sends through the simulator side', () => {
    const request = fc.oneof(
      fc.tuple(unitId, u16, u16).map(([unit, address, quantity]) => ({ frame: readCoilsRequest(unit, address, quantity), expected: { unitId: unit, functionCode: 1, address, value: quantity } })),
      fc.tuple(unitId, u16, u16).map(([unit, address, quantity]) => ({ frame: readInputRegistersRequest(unit, address, quantity), expected: { unitId: unit, functionCode: 4, address, value: quantity } })),
      fc.tuple(unitId, u16, fc.boolean()).map(([unit, address, on]) => ({ frame: writeSingleCoilRequest(unit, address, on), expected: { unitId: unit, functionCode: 5, address, value: on ? 0xff00 : 0 } })),
    );
    fc.assert(
      fc.property(request, fc.nat(63), ({ frame, expected }, bitIndex) => {
        expect(decodeRequest(frame)).toEqual({ status: 'ok', length: 8, request: expected });
        expect(decodeRequest(flipBit(frame, bitIndex >> 3, bitIndex & 7)).status).not.toBe('ok');
      }),
      runs,
    );
  });
});
