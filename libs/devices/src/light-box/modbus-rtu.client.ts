import { Clock } from '@lobby/runtime';
import { SharedSerialPort } from '../core/device-driver';
import { ByteReader, ScanStep } from '../core/byte-reader';
import { ModbusFunction, ModbusResponse, decodeResponse } from './modbus-rtu.codec';

/**
 * How one request ended after its retries: a reply, a Modbus exception, nothing at all, bytes
 * that never made a valid reply for us, or a port that is not open (unplugged or still opening).
 */
export type ModbusOutcome =
  | { type: 'reply'; response: Exclude<ModbusResponse, { type: 'exception' }> }
  | { type: 'exception'; functionCode: number; exceptionCode: number }
  | { type: 'timeout' }
  | { type: 'garbled'; bytes: number }
  | { type: 'port-closed'; reason: string };

export interface ModbusRtuClientOptions {
  timeoutMs: number;
  /** Further attempts after the first gets no usable reply (not after an exception). */
  retries: number;
}

/**
 * The master end of one slave on a shared RS-485 bus: each request runs under the port's
 * `exclusive`, so drivers of other slaves on the same bus wait their turn, and only a reply from
 * this unit to this function is taken (a late reply to an earlier, timed-out request is skipped).
 */
export class ModbusRtuClient {
  private readonly reader: ByteReader;

  constructor(
    private readonly port: SharedSerialPort,
    private readonly unitId: number,
    clock: Clock,
    private readonly options: ModbusRtuClientOptions,
  ) {
    this.reader = new ByteReader(port.data$, clock);
  }

  request(frame: Buffer, functionCode: number): Promise<ModbusOutcome> {
    return this.port.exclusive(async () => {
      let outcome: ModbusOutcome = { type: 'timeout' };
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        outcome = await this.attempt(frame, functionCode);
        if (outcome.type === 'reply' || outcome.type === 'exception' || outcome.type === 'port-closed') return outcome;
      }
      return outcome;
    });
  }

  close(): void {
    this.reader.close();
  }

  private async attempt(frame: Buffer, functionCode: number): Promise<ModbusOutcome> {
    // Other slaves' replies and stale bytes gathered while the bus was someone else's.
    this.reader.discard();
    try {
      await this.port.write(frame);
    } catch (error) {
      return { type: 'port-closed', reason: (error as Error).message };
    }
    const noise = { bytes: 0 };
    const result = await this.reader.read((bytes) => this.scan(bytes, functionCode, noise), this.options.timeoutMs);
    if (result.ok) return result.value;
    // A truncated frame or line noise is still an answer of sorts: the device is there but garbled.
    const garbled = noise.bytes + result.leftover.length;
    return garbled > 0 ? { type: 'garbled', bytes: garbled } : { type: 'timeout' };
  }

  private scan(bytes: Buffer, functionCode: number, noise: { bytes: number }): ScanStep<ModbusOutcome> {
    const decoded = decodeResponse(bytes);
    if (decoded.status === 'incomplete') return { done: false, consumed: 0 };
    if (decoded.status === 'invalid') {
      noise.bytes += decoded.length;
      return { done: false, consumed: decoded.length };
    }
    const response = decoded.response;
    if (response.unitId !== this.unitId || functionOf(response) !== functionCode) return { done: false, consumed: decoded.length };
    const value: ModbusOutcome =
      response.type === 'exception'
        ? { type: 'exception', functionCode: response.functionCode, exceptionCode: response.exceptionCode }
        : { type: 'reply', response };
    return { done: true, value, consumed: decoded.length };
  }
}

function functionOf(response: ModbusResponse): number {
  switch (response.type) {
    case 'coils':
      return ModbusFunction.readCoils;
    case 'registers':
      return ModbusFunction.readInputRegisters;
    case 'coil-written':
      return ModbusFunction.writeSingleCoil;
    case 'exception':
      return response.functionCode;
  }
}
