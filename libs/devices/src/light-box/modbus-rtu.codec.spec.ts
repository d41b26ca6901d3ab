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
  withCrc,
  writeSingleCoilRequest,
} from './modbus-rtu.codec';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('modbus-rtu codec', () => {
  describe('CRC-16/MODBUS', () => {
    it('has the check value 0x4B37 for "123456789"', () => {
      expect(crc16Modbus(Buffer.from('123456789', 'ascii'))).toBe(0x4b37);
    });

    it('accepts the contract frame 01 03 00 00 00 01 84 0A', () => {
      expect(hasValidCrc(hex('01 03 00 00 00 01 84 0A'))).toBe(true);
      expect(withCrc(hex('01 03 00 00 00 01'))).toEqual(hex('01 03 00 00 00 01 84 0A'));
    });

    it('rejects a frame whose CRC does not match', () => {
      expect(hasValidCrc(hex('01 03 00 00 00 01 84 0B'))).toBe(false);
      expect(hasValidCrc(hex('01 03 00 00 00 02 84 0A'))).toBe(false);
    });
  });

  describe('requests', () => {
    it('builds FC01 read coils', () => {
      expect(readCoilsRequest(1, 0, 1)).toEqual(hex('01 01 00 00 00 01 FD CA'));
    });
    it('builds FC04 read input registers', () => {
      expect(readInputRegistersRequest(1, 0, 2)).toEqual(hex('01 04 00 00 00 02 71 CB'));
    });
    it('builds FC05 write single coil with FF00 and 0000', () => {
      expect(writeSingleCoilRequest(1, 0, true)).toEqual(hex('01 05 00 00 FF 00 8C 3A'));
      expect(writeSingleCoilRequest(1, 0, false)).toEqual(hex('01 05 00 00 00 00 CD CA'));
    });
  });

  describe(decodeResponse.name, () => {
    it('decodes a coil reply', () => {
      expect(decodeResponse(hex('01 01 01 01 90 48'))).toEqual({
        status: 'ok',
        length: 6,
        response: { type: 'coils', unitId: 1, bits: [true, false, false, false, false, false, false, false] },
      });
    });

    it('decodes an input-register reply (420 mA, 230.0 V)', () => {
      expect(decodeResponse(hex('02 04 04 01 A4 08 FC 8F 1A'))).toEqual({
        status: 'ok',
        length: 9,
        response: { type: 'registers', unitId: 2, values: [420, 2300] },
      });
    });

    it('decodes the echo of a coil write', () => {
      expect(decodeResponse(hex('01 05 00 00 FF 00 8C 3A'))).toMatchObject({
        status: 'ok',
        response: { type: 'coil-written', unitId: 1, address: 0, on: true },
      });
    });

    it('decodes an exception reply (function | 0x80, code)', () => {
      expect(decodeResponse(hex('01 84 02 C2 C1'))).toEqual({
        status: 'ok',
        length: 5,
        response: { type: 'exception', unitId: 1, functionCode: 4, exceptionCode: 2 },
      });
    });

    it('rejects a reply with a bad CRC', () => {
      expect(decodeResponse(hex('02 04 04 01 A4 08 FC 8F 1B'))).toEqual({ status: 'invalid', error: 'bad-crc', length: 1 });
    });

    it('never accepts a truncated frame', () => {
      const frame = hex('02 04 04 01 A4 08 FC 8F 1A');
      for (let cut = 0; cut < frame.length; cut++) {
        expect(decodeResponse(frame.subarray(0, cut))).toEqual({ status: 'incomplete' });
      }
    });

    it('reports the length of the first frame when more bytes follow', () => {
      const two = Buffer.concat([hex('01 84 02 C2 C1'), hex('01 05 00 00 FF 00 8C 3A')]);
      expect(decodeResponse(two)).toMatchObject({ status: 'ok', length: 5 });
    });

    it('rejects an unknown function code', () => {
      expect(decodeResponse(hex('01 2B 00 00'))).toMatchObject({ status: 'invalid', error: 'unsupported-function' });
    });

    it('rejects a coil-write echo whose value is neither FF00 nor 0000', () => {
      expect(decodeResponse(withCrc(hex('01 05 00 00 12 34')))).toMatchObject({ status: 'invalid', error: 'malformed' });
    });
  });

  describe('slave side', () => {
    it('decodes a request and frames replies that the master side decodes', () => {
      expect(decodeRequest(readInputRegistersRequest(7, 0, 2))).toEqual({
        status: 'ok',
        length: 8,
        request: { unitId: 7, functionCode: 4, address: 0, value: 2 },
      });
      expect(decodeResponse(coilsResponse(7, [true]))).toMatchObject({ response: { bits: expect.arrayContaining([true]) } });
      expect(decodeResponse(registersResponse(7, [0, 65535]))).toMatchObject({ response: { values: [0, 65535] } });
      expect(decodeResponse(exceptionResponse(7, 5, 4))).toMatchObject({
        response: { type: 'exception', functionCode: 5, exceptionCode: 4 },
      });
    });

    it('waits for a whole request and drops a byte at a time on a bad CRC', () => {
      const frame = readCoilsRequest(1, 0, 1);
      expect(decodeRequest(frame.subarray(0, 7))).toEqual({ status: 'incomplete' });
      expect(decodeRequest(Buffer.concat([hex('FF'), frame]))).toEqual({ status: 'invalid', length: 1 });
    });
  });
});
