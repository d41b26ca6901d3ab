import {
  FrameParser,
  ReceiptBoxStatus,
  bcc,
  decodeStatusData,
  encodeFrame,
  encodeStatusData,
  ribbonResetRequest,
  scanLine,
  statusRequest,
} from './receipt-box.codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const STATUS: ReceiptBoxStatus = {
  paperLow: true,
  paperOut: false,
  ribbonLow: true,
  ribbonOut: false,
  printHeadError: false,
  doorOpen: true,
  paperJam: false,
  reserved: false,
  totalCompartments: 8,
  fullCompartments: 3,
  linesPrinted: 0x0001e240, // 123456
};

describe('receipt-box.codec', () => {
  describe(encodeFrame.name, () => {
    it('frames the status and ribbon requests (LEN=1, BCC = XOR LEN..ETX)', () => {
      expect(statusRequest()).toEqual(hex('02 01 31 03 33'));
      expect(ribbonResetRequest()).toEqual(hex('02 01 32 03 30'));
      expect(bcc(hex('01 31 03'))).toBe(0x33);
    });
    it('frames a status response with 7 data bytes', () => {
      const frame = encodeFrame(0x31, encodeStatusData(STATUS));
      expect(frame).toEqual(hex('02 08 31 25 08 03 00 01 e2 40 03 b7'));
    });
  });

  describe(decodeStatusData.name, () => {
    it('decodes flags bit by bit, compartments and the big-endian counter', () => {
      expect(decodeStatusData(hex('25 08 03 00 01 e2 40'))).toEqual(STATUS);
      expect(decodeStatusData(hex('ff 02 02 ff ff ff ff'))).toEqual({
        paperLow: true,
        paperOut: true,
        ribbonLow: true,
        ribbonOut: true,
        printHeadError: true,
        doorOpen: true,
        paperJam: true,
        reserved: true,
        totalCompartments: 2,
        fullCompartments: 2,
        linesPrinted: 4294967295,
      });
    });
    it('rejects data of the wrong size', () => {
      expect(decodeStatusData(hex('00 08 00 00 00 00'))).toBeUndefined();
    });
  });

  describe(scanLine.name, () => {
    it('finds a good frame after noise', () => {
      expect(scanLine(hex('00 ff 11 02 02 32 00 03 33'))).toEqual({
        done: true,
        value: { type: 'frame', frame: { cmd: 0x32, data: hex('00') } },
        consumed: 9,
      });
    });
    it('reports NAK', () => {
      expect(scanLine(hex('13 15 02'))).toEqual({ done: true, value: { type: 'nak' }, consumed: 2 });
    });
    it('reports a bad BCC and consumes the whole frame', () => {
      expect(scanLine(hex('02 01 31 03 34 02'))).toEqual({ done: true, value: { type: 'error', error: 'bad-bcc' }, consumed: 5 });
    });
    it('reports a wrong LEN (no ETX where it says) and drops only the STX', () => {
      expect(scanLine(hex('02 02 31 03 33 00'))).toEqual({ done: true, value: { type: 'error', error: 'bad-length' }, consumed: 1 });
      expect(scanLine(hex('02 00 31'))).toEqual({ done: true, value: { type: 'error', error: 'bad-length' }, consumed: 1 });
      expect(scanLine(hex('02 ff'))).toEqual({ done: true, value: { type: 'error', error: 'bad-length' }, consumed: 1 });
    });
    it('waits on a truncated frame, keeping it', () => {
      expect(scanLine(hex('ff 02 08 31 25 08'))).toEqual({ done: false, consumed: 1 });
      expect(scanLine(hex('02'))).toEqual({ done: false, consumed: 0 });
    });
    it('skips an incomplete stray STX when a good frame follows it', () => {
      expect(scanLine(hex('02 09 02 01 31 03 33'))).toMatchObject({ done: true, value: { type: 'frame', frame: { cmd: 0x31 } }, consumed: 7 });
    });
    it('loses a frame to a stray STX that happens to frame it: the bad BCC costs one retry', () => {
      const bytes = hex('02 02 01 31 03 33');
      const first = scanLine(bytes);
      expect(first).toEqual({ done: true, value: { type: 'error', error: 'bad-bcc' }, consumed: 6 });
    });
  });

  describe(FrameParser.name, () => {
    it('parses frames split across chunks and reports errors in order', () => {
      const parser = new FrameParser();
      const whole = Buffer.concat([hex('11'), statusRequest(), hex('02 01 31 03 00 15'), ribbonResetRequest()]);
      const items = [...whole].flatMap((byte) => parser.push(Buffer.from([byte])));
      expect(items).toEqual([
        { type: 'frame', frame: { cmd: 0x31, data: Buffer.alloc(0) } },
        { type: 'error', error: 'bad-bcc' },
        { type: 'nak' },
        { type: 'frame', frame: { cmd: 0x32, data: Buffer.alloc(0) } },
      ]);
      expect(parser.buffered).toBe(0);
    });
    it('holds a partial frame until the rest arrives', () => {
      const parser = new FrameParser();
      expect(parser.push(hex('02 01'))).toEqual([]);
      expect(parser.buffered).toBe(2);
      expect(parser.push(hex('31 03 33'))).toHaveLength(1);
    });
  });
});
