/**
 * Modbus RTU framing for the light-box controller (docs/protocols/light-box.md): CRC-16/MODBUS, the three
 * requests the agent sends (FC01, FC04, FC05) and the replies to them, exception replies included.
 * Pure functions over bytes; the serial stream stays with the driver (see docs/protocols/light-box.md
 * for why this is not `modbus-serial`).
 */
export const ModbusFunction = {
  readCoils: 0x01,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
} as const;

export const ModbusExceptionCode = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  slaveDeviceFailure: 0x04,
} as const;

const EXCEPTION_FLAG = 0x80;
const COIL_ON = 0xff00;
const COIL_OFF = 0x0000;

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF). Sent low byte first. */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** Appends the CRC (little-endian) to an address + PDU. */
export function withCrc(body: Uint8Array): Buffer {
  const frame = Buffer.alloc(body.length + 2);
  frame.set(body);
  frame.writeUInt16LE(crc16Modbus(body), body.length);
  return frame;
}

export function hasValidCrc(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const body = frame.subarray(0, frame.length - 2);
  const sent = frame[frame.length - 2] | (frame[frame.length - 1] << 8);
  return crc16Modbus(body) === sent;
}

function request(unitId: number, fn: number, first: number, second: number): Buffer {
  const body = Buffer.alloc(6);
  body.writeUInt8(unitId, 0);
  body.writeUInt8(fn, 1);
  body.writeUInt16BE(first, 2);
  body.writeUInt16BE(second, 4);
  return withCrc(body);
}

export function readCoilsRequest(unitId: number, address: number, quantity: number): Buffer {
  return request(unitId, ModbusFunction.readCoils, address, quantity);
}

export function readInputRegistersRequest(unitId: number, address: number, quantity: number): Buffer {
  return request(unitId, ModbusFunction.readInputRegisters, address, quantity);
}

export function writeSingleCoilRequest(unitId: number, address: number, on: boolean): Buffer {
  return request(unitId, ModbusFunction.writeSingleCoil, address, on ? COIL_ON : COIL_OFF);
}

export type ModbusResponse =
  | { type: 'coils'; unitId: number; bits: boolean[] }
  | { type: 'registers'; unitId: number; values: number[] }
  | { type: 'coil-written'; unitId: number; address: number; on: boolean }
  | { type: 'exception'; unitId: number; functionCode: number; exceptionCode: number };

export type DecodeError = 'bad-crc' | 'unsupported-function' | 'malformed';

/**
 * Decodes the reply at the start of `bytes`. `incomplete`: a truncated frame, wait for more bytes
 * (or give up at the timeout); `invalid`: drop `length` bytes; `ok`: a frame of `length` bytes.
 */
export type DecodeResult =
  | { status: 'incomplete' }
  | { status: 'invalid'; error: DecodeError; length: number }
  | { status: 'ok'; response: ModbusResponse; length: number };

/** Length of the reply that starts `bytes`, from its function code: null until it can tell. */
function responseLength(bytes: Uint8Array): number | null | 'unknown' {
  if (bytes.length < 2) return null;
  const fn = bytes[1];
  if (fn & EXCEPTION_FLAG) return 5;
  if (fn === ModbusFunction.readCoils || fn === ModbusFunction.readInputRegisters) {
    return bytes.length < 3 ? null : 5 + bytes[2];
  }
  if (fn === ModbusFunction.writeSingleCoil) return 8;
  return 'unknown';
}

export function decodeResponse(bytes: Uint8Array): DecodeResult {
  const length = responseLength(bytes);
  if (length === null) return { status: 'incomplete' };
  if (length === 'unknown') return { status: 'invalid', error: 'unsupported-function', length: 1 };
  if (bytes.length < length) return { status: 'incomplete' };
  const frame = Buffer.from(bytes.subarray(0, length));
  if (!hasValidCrc(frame)) return { status: 'invalid', error: 'bad-crc', length: 1 };
  const response = parseFrame(frame);
  return response ? { status: 'ok', response, length } : { status: 'invalid', error: 'malformed', length };
}

function parseFrame(frame: Buffer): ModbusResponse | null {
  const unitId = frame[0];
  const fn = frame[1];
  if (fn & EXCEPTION_FLAG) {
    return { type: 'exception', unitId, functionCode: fn & ~EXCEPTION_FLAG, exceptionCode: frame[2] };
  }
  if (fn === ModbusFunction.readCoils) {
    const data = frame.subarray(3, frame.length - 2);
    return { type: 'coils', unitId, bits: [...data].flatMap((byte) => [0, 1, 2, 3, 4, 5, 6, 7].map((b) => ((byte >> b) & 1) === 1)) };
  }
  if (fn === ModbusFunction.readInputRegisters) {
    if (frame[2] % 2 !== 0) return null;
    const values: number[] = [];
    for (let offset = 3; offset < frame.length - 2; offset += 2) values.push(frame.readUInt16BE(offset));
    return { type: 'registers', unitId, values };
  }
  const value = frame.readUInt16BE(4);
  if (value !== COIL_ON && value !== COIL_OFF) return null;
  return { type: 'coil-written', unitId, address: frame.readUInt16BE(2), on: value === COIL_ON };
}

/* The slave side, for the simulator: requests in, replies out. */

export type ModbusRequest = { unitId: number; functionCode: number; address: number; value: number };

export type RequestDecodeResult =
  | { status: 'incomplete' }
  | { status: 'invalid'; length: number }
  | { status: 'ok'; request: ModbusRequest; length: number };

/** Requests for FC01..FC06 are 8 bytes; FC15/FC16 carry a byte count. Others cannot be framed. */
function requestLength(bytes: Uint8Array): number | null {
  if (bytes.length < 2) return null;
  const fn = bytes[1];
  if (fn >= 0x01 && fn <= 0x06) return 8;
  if (fn === 0x0f || fn === 0x10) return bytes.length < 7 ? null : 9 + bytes[6];
  return -1;
}

export function decodeRequest(bytes: Uint8Array): RequestDecodeResult {
  const length = requestLength(bytes);
  if (length === null) return { status: 'incomplete' };
  if (length < 0) return { status: 'invalid', length: 1 };
  if (bytes.length < length) return { status: 'incomplete' };
  const frame = Buffer.from(bytes.subarray(0, length));
  if (!hasValidCrc(frame)) return { status: 'invalid', length: 1 };
  return {
    status: 'ok',
    length,
    request: { unitId: frame[0], functionCode: frame[1], address: frame.readUInt16BE(2), value: frame.readUInt16BE(4) },
  };
}

export function coilsResponse(unitId: number, bits: readonly boolean[]): Buffer {
  const data = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, index) => {
    if (bit) data[index >> 3] = data[index >> 3] | (1 << (index & 7));
  });
  return withCrc(Buffer.concat([Buffer.from([unitId, ModbusFunction.readCoils, data.length]), data]));
}

export function registersResponse(unitId: number, values: readonly number[]): Buffer {
  const data = Buffer.alloc(values.length * 2);
  values.forEach((value, index) => data.writeUInt16BE(value & 0xffff, index * 2));
  return withCrc(Buffer.concat([Buffer.from([unitId, ModbusFunction.readInputRegisters, data.length]), data]));
}

export function writeSingleCoilResponse(unitId: number, address: number, on: boolean): Buffer {
  return request(unitId, ModbusFunction.writeSingleCoil, address, on ? COIL_ON : COIL_OFF);
}

export function exceptionResponse(unitId: number, functionCode: number, exceptionCode: number): Buffer {
  return withCrc(Buffer.from([unitId, functionCode | EXCEPTION_FLAG, exceptionCode]));
}

export const COIL_VALUE = { on: COIL_ON, off: COIL_OFF } as const;
