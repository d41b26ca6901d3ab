import {
  COUNTER_REQUEST,
  decodeErrorCause,
  decodeOfflineCause,
  decodePaperSensor,
  decodePrinterStatus,
  encodeCounterReply,
  isStatusByte,
  scanCounterReply,
  scanPowerOffNotice,
  scanStatusByte,
  statusRequest,
} from './escpos.codec';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('escpos.codec', () => {
  describe(statusRequest.name, () => {
    it.each([1, 2, 3, 4] as const)('builds DLE EOT %i', (n) => {
      expect(statusRequest(n)).toEqual(Buffer.from([0x10, 0x04, n]));
    });
    it('has the GS g 2 counter request of the contract', () => {
      expect(COUNTER_REQUEST).toEqual(hex('1D 67 32 00 32 00'));
    });
  });

  describe(isStatusByte.name, () => {
    it.each([0x12, 0x16, 0x1a, 0x32, 0x52, 0x72, 0x7e, 0x1e])('accepts %p (0xx1xx10)', (byte) => {
      expect(isStatusByte(byte)).toBe(true);
    });
    it.each([0x11, 0x13, 0x00, 0xff, 0x92, 0x02, 0x10, 0x13, 0x5f, 0x14, 0x93])('rejects %p', (byte) => {
      expect(isStatusByte(byte)).toBe(false);
    });
    it('accepts exactly the 16 bytes of the pattern', () => {
      const valid = Array.from({ length: 256 }, (_, b) => b).filter(isStatusByte);
      expect(valid).toHaveLength(16);
      expect(valid.every((b) => (b & 0x80) === 0 && (b & 0x10) !== 0 && (b & 0x02) !== 0 && (b & 0x01) === 0)).toBe(true);
    });
    it('shows why counter digits are dangerous: "2" and "6" match the pattern', () => {
      expect(isStatusByte(0x32)).toBe(true);
      expect(isStatusByte(0x36)).toBe(true);
    });
  });

  describe('bit meanings (docs/protocols/ticket-printer.md)', () => {
    it('decodes n=1 printer status', () => {
      expect(decodePrinterStatus(0x12)).toEqual({ drawerHigh: false, offline: false, waitingForRecovery: false, feedButtonPressed: false });
      expect(decodePrinterStatus(0x1e)).toMatchObject({ drawerHigh: true, offline: true });
      expect(decodePrinterStatus(0x72)).toMatchObject({ waitingForRecovery: true, feedButtonPressed: true, offline: false });
    });
    it('decodes n=2 offline cause', () => {
      expect(decodeOfflineCause(0x16)).toEqual({ coverOpen: true, feedingByButton: false, stoppedByPaperEnd: false, errorOccurred: false });
      expect(decodeOfflineCause(0x1a)).toMatchObject({ feedingByButton: true });
      expect(decodeOfflineCause(0x72)).toMatchObject({ stoppedByPaperEnd: true, errorOccurred: true, coverOpen: false });
    });
    it('decodes n=3 error cause', () => {
      expect(decodeErrorCause(0x16)).toMatchObject({ mechanicalError: true, autoCutterError: false });
      expect(decodeErrorCause(0x1a)).toMatchObject({ autoCutterError: true });
      expect(decodeErrorCause(0x32)).toMatchObject({ unrecoverableError: true, autoRecoverableError: false });
      expect(decodeErrorCause(0x52)).toMatchObject({ autoRecoverableError: true });
    });
    it.each([
      [0x12, false, false],
      [0x16, true, false],
      [0x1a, true, false],
      [0x1e, true, false],
      [0x32, false, true],
      [0x52, false, true],
      [0x7e, true, true],
    ])('decodes n=4 paper %p: near-end %p, end %p (either bit of a pair)', (byte, nearEnd, paperEnd) => {
      expect(decodePaperSensor(byte)).toEqual({ nearEnd, paperEnd });
    });
  });

  describe(scanStatusByte.name, () => {
    it('skips XON/XOFF and noise before the reply', () => {
      expect(scanStatusByte(hex('11 13 ff 00 1e 12'))).toEqual({ done: true, value: 0x1e, consumed: 5 });
    });
    it('consumes pure noise and waits', () => {
      expect(scanStatusByte(hex('11 13 5f'))).toEqual({ done: false, consumed: 3 });
    });
  });

  describe(scanCounterReply.name, () => {
    it('parses 5F digits 00', () => {
      expect(scanCounterReply(hex('5f 31 32 33 34 00'))).toEqual({ done: true, value: 1234, consumed: 6 });
    });
    it('skips XON/XOFF inside and noise before', () => {
      expect(scanCounterReply(hex('ff 13 5f 35 11 32 13 00 12'))).toEqual({ done: true, value: 52, consumed: 8 });
    });
    it('waits for the rest of a reply split across reads, keeping it', () => {
      expect(scanCounterReply(hex('00 ff 5f 39 39'))).toEqual({ done: false, consumed: 2 });
    });
    it('rejects a header followed by non-digits and finds a later good reply', () => {
      expect(scanCounterReply(hex('5f 41 00 5f 37 00'))).toEqual({ done: true, value: 7, consumed: 6 });
    });
    it('rejects an empty counter and an absurdly long one', () => {
      expect(scanCounterReply(hex('5f 00'))).toEqual({ done: false, consumed: 2 });
      expect(scanCounterReply(Buffer.concat([hex('5f'), Buffer.from('12345678901'), hex('00')])).done).toBe(false);
    });
    it('round-trips the simulator encoding', () => {
      expect(encodeCounterReply(5231)).toEqual(hex('5f 35 32 33 31 00'));
      expect(scanCounterReply(encodeCounterReply(0))).toEqual({ done: true, value: 0, consumed: 3 });
    });
  });

  describe(scanPowerOffNotice.name, () => {
    it('finds 3B 30 00 and keeps a partial one', () => {
      expect(scanPowerOffNotice(hex('11 3b 30 00'))).toEqual({ done: true, value: true, consumed: 4 });
      expect(scanPowerOffNotice(hex('11 12 3b 30'))).toEqual({ done: false, consumed: 2 });
    });
  });
});
