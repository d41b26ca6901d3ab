import { Subject } from 'rxjs';
import { SystemClock } from '@lobby/runtime';
import { SharedSerialPort, TransportEvent } from '../core/device-driver';
import { ModbusRtuClient } from './modbus-rtu.client';
import { ModbusFunction, coilsResponse, exceptionResponse, readCoilsRequest } from './modbus-rtu.codec';

/** A port whose "device" is a script: each write gets the scripted reply chunks. */
class ScriptedPort implements SharedSerialPort {
  readonly path = 'fake';
  readonly isOpen = true;
  readonly data = new Subject<Buffer>();
  readonly data$ = this.data.asObservable();
  readonly transport$ = new Subject<TransportEvent>().asObservable();
  readonly writes: Buffer[] = [];
  failWrites = false;

  constructor(private readonly script: (attempt: number) => Buffer[]) {}

  async write(bytes: Buffer): Promise<void> {
    if (this.failWrites) throw new Error('port gone');
    this.writes.push(bytes);
    const replies = this.script(this.writes.length);
    setImmediate(() => replies.forEach((chunk) => this.data.next(chunk)));
  }
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
  async release(): Promise<void> {}
}

const request = readCoilsRequest(1, 0, 1);
const client = (port: SharedSerialPort) => new ModbusRtuClient(port, 1, new SystemClock(), { timeoutMs: 40, retries: 1 });

describe(ModbusRtuClient.name, () => {
  it('skips a late reply of another unit and takes its own, even split in pieces', async () => {
    const own = coilsResponse(1, [true]);
    const port = new ScriptedPort(() => [coilsResponse(2, [false]), own.subarray(0, 2), own.subarray(2)]);
    const outcome = await client(port).request(request, ModbusFunction.readCoils);
    expect(outcome).toMatchObject({ type: 'reply', response: { type: 'coils', unitId: 1, bits: expect.arrayContaining([true]) } });
    expect(port.writes).toHaveLength(1);
  });

  it('retries once after silence, then gives up with timeout', async () => {
    const port = new ScriptedPort(() => []);
    expect(await client(port).request(request, ModbusFunction.readCoils)).toEqual({ type: 'timeout' });
    expect(port.writes).toHaveLength(2);
  });

  it('succeeds on the retry when the first request went unanswered', async () => {
    const port = new ScriptedPort((attempt) => (attempt === 1 ? [] : [coilsResponse(1, [false])]));
    expect(await client(port).request(request, ModbusFunction.readCoils)).toMatchObject({ type: 'reply' });
    expect(port.writes).toHaveLength(2);
  });

  it('returns an exception reply at once, without a retry', async () => {
    const port = new ScriptedPort(() => [exceptionResponse(1, ModbusFunction.readCoils, 2)]);
    expect(await client(port).request(request, ModbusFunction.readCoils)).toEqual({
      type: 'exception',
      functionCode: 1,
      exceptionCode: 2,
    });
    expect(port.writes).toHaveLength(1);
  });

  it('calls bytes that never make a valid reply garbled', async () => {
    const bad = coilsResponse(1, [true]);
    bad[bad.length - 1] ^= 0xff;
    const port = new ScriptedPort(() => [bad]);
    expect(await client(port).request(request, ModbusFunction.readCoils)).toMatchObject({ type: 'garbled' });
  });

  it('reports a port that cannot be written as port-closed', async () => {
    const port = new ScriptedPort(() => []);
    port.failWrites = true;
    expect(await client(port).request(request, ModbusFunction.readCoils)).toEqual({ type: 'port-closed', reason: 'port gone' });
  });
});
