import { Observable, Subject } from 'rxjs';
import { Clock, TimerHandle } from '@lobby/runtime';
import { ByteSimulator } from '../core/device-driver';
import {
  ModbusExceptionCode,
  ModbusFunction,
  ModbusRequest,
  COIL_VALUE,
  coilsResponse,
  decodeRequest,
  exceptionResponse,
  registersResponse,
  writeSingleCoilResponse,
} from './modbus-rtu.codec';

export const LIGHT_BOX_SIM_ACTIONS = [
  'burn-out',
  'repair',
  'stick-relay',
  'silent',
  'resume',
  'garbage',
  'exception-next',
  'switch-on',
  'switch-off',
] as const;
export type LightBoxSimAction = (typeof LIGHT_BOX_SIM_ACTIONS)[number];

export interface LightBoxSimulatorOptions {
  ratedCurrentMa?: number;
  /** Supply voltage in 0.1 V, as register 1 reports it. */
  supplyDeciVolts?: number;
  switchedOn?: boolean;
  /** Local time zone of the autoplay day/night pattern. */
  timeZone?: string;
  random?: () => number;
}

const COIL_COUNT = 1;
const REGISTER_COUNT = 2;
const MAX_BUFFERED = 256;
const AUTOPLAY_TICK_MS = 15_000;
/** About one incident an hour at one tick per 15 s; repaired after two minutes. */
const INCIDENT_CHANCE_PER_TICK = 1 / 240;
const REPAIR_AFTER_TICKS = 8;
const LIGHTS_ON_HOUR = 18;
const LIGHTS_OFF_HOUR = 6;

/**
 * A Modbus RTU relay + current-sense module driving one lamp (docs/protocols/light-box.md). It sees every byte
 * on the bus and answers only requests addressed to its own unit id. Physically: the coil is the
 * commanded relay state; a stuck relay keeps the contact closed; a burnt-out lamp draws nothing.
 */
export class LightBoxSimulator implements ByteSimulator {
  private readonly output = new Subject<Buffer>();
  readonly output$: Observable<Buffer> = this.output.asObservable();
  private readonly ratedCurrentMa: number;
  private readonly supplyDeciVolts: number;
  private readonly timeZone: string;
  private readonly random: () => number;
  private buffer = Buffer.alloc(0);
  private relayOn: boolean;
  private burntOut = false;
  private relayStuck = false;
  private silent = false;
  private garbage = false;
  private exceptionNext = false;
  private stopped = false;
  private autoplayTimer?: TimerHandle;
  private lastPhase?: 'day' | 'night';
  private incidentTicks?: number;

  constructor(
    readonly unitId: number,
    options: LightBoxSimulatorOptions = {},
  ) {
    this.ratedCurrentMa = options.ratedCurrentMa ?? 420;
    this.supplyDeciVolts = options.supplyDeciVolts ?? 2300;
    this.relayOn = options.switchedOn ?? false;
    this.timeZone = options.timeZone ?? 'Asia/Shanghai';
    this.random = options.random ?? Math.random;
  }

  get currentMa(): number {
    const contactClosed = this.relayOn || this.relayStuck;
    return contactClosed && !this.burntOut ? this.ratedCurrentMa : 0;
  }

  get switchedOn(): boolean {
    return this.relayOn;
  }

  receive(bytes: Buffer): void {
    if (this.stopped) return;
    this.buffer = Buffer.concat([this.buffer, bytes]).subarray(-MAX_BUFFERED);
    for (;;) {
      const result = decodeRequest(this.buffer);
      if (result.status === 'incomplete') return;
      this.buffer = this.buffer.subarray(result.length);
      if (result.status === 'ok') this.handle(result.request);
    }
  }

  apply(action: string): void {
    if (!isAction(action)) throw new Error(`unknown light-box action "${action}" (known: ${LIGHT_BOX_SIM_ACTIONS.join(', ')})`);
    switch (action) {
      case 'burn-out':
        this.burntOut = true;
        break;
      case 'repair':
        this.burntOut = false;
        this.relayStuck = false;
        break;
      case 'stick-relay':
        this.relayStuck = true;
        break;
      case 'silent':
        this.silent = true;
        break;
      case 'resume':
        this.silent = false;
        this.garbage = false;
        break;
      case 'garbage':
        this.garbage = true;
        break;
      case 'exception-next':
        this.exceptionNext = true;
        break;
      case 'switch-on':
      case 'switch-off':
        this.relayOn = action === 'switch-on';
        break;
    }
  }

  /** Its own timer switch follows day and night (switching at dusk and dawn only, so commands in
   *  between stick); now and then the lamp burns out or the relay sticks, and is repaired. */
  autoplay(clock: Clock): void {
    this.autoplayTimer?.cancel();
    this.autoplayTimer = clock.setInterval(() => this.autoplayTick(clock), AUTOPLAY_TICK_MS);
    this.autoplayTick(clock);
  }

  stop(): void {
    this.stopped = true;
    this.autoplayTimer?.cancel();
    this.output.complete();
  }

  private handle(request: ModbusRequest): void {
    if (this.silent) return;
    const broadcast = request.unitId === 0;
    if (request.unitId !== this.unitId && !broadcast) return;
    const reply = this.reply(request);
    if (broadcast || !reply) return;
    this.output.next(this.garbage ? mangle(reply) : reply);
  }

  private reply(request: ModbusRequest): Buffer | null {
    const { unitId, functionCode: fn, address, value } = request;
    if (this.exceptionNext) {
      this.exceptionNext = false;
      return exceptionResponse(unitId, fn, ModbusExceptionCode.slaveDeviceFailure);
    }
    switch (fn) {
      case ModbusFunction.readCoils:
        return this.readTable(unitId, fn, address, value, COIL_COUNT, () => coilsResponse(unitId, [this.relayOn].slice(address, address + value)));
      case ModbusFunction.readInputRegisters:
        return this.readTable(unitId, fn, address, value, REGISTER_COUNT, () =>
          registersResponse(unitId, [this.currentMa, this.supplyDeciVolts].slice(address, address + value)),
        );
      case ModbusFunction.writeSingleCoil:
        return this.writeCoil(unitId, address, value);
      default:
        return exceptionResponse(unitId, fn, ModbusExceptionCode.illegalFunction);
    }
  }

  private readTable(unitId: number, fn: number, address: number, quantity: number, size: number, read: () => Buffer): Buffer {
    if (quantity < 1 || quantity > 125) return exceptionResponse(unitId, fn, ModbusExceptionCode.illegalDataValue);
    if (address + quantity > size) return exceptionResponse(unitId, fn, ModbusExceptionCode.illegalDataAddress);
    return read();
  }

  private writeCoil(unitId: number, address: number, value: number): Buffer {
    const fn = ModbusFunction.writeSingleCoil;
    if (value !== COIL_VALUE.on && value !== COIL_VALUE.off) return exceptionResponse(unitId, fn, ModbusExceptionCode.illegalDataValue);
    if (address >= COIL_COUNT) return exceptionResponse(unitId, fn, ModbusExceptionCode.illegalDataAddress);
    this.relayOn = value === COIL_VALUE.on;
    return writeSingleCoilResponse(unitId, address, this.relayOn);
  }

  private autoplayTick(clock: Clock): void {
    const phase = dayPhase(clock.date(), this.timeZone);
    if (phase !== this.lastPhase) this.relayOn = phase === 'night';
    this.lastPhase = phase;
    if (this.incidentTicks !== undefined) {
      this.incidentTicks -= 1;
      if (this.incidentTicks <= 0) {
        this.apply('repair');
        this.incidentTicks = undefined;
      }
    } else if (this.random() < INCIDENT_CHANCE_PER_TICK) {
      this.apply(this.relayOn ? 'burn-out' : 'stick-relay');
      this.incidentTicks = REPAIR_AFTER_TICKS;
    }
  }
}

function isAction(action: string): action is LightBoxSimAction {
  return (LIGHT_BOX_SIM_ACTIONS as readonly string[]).includes(action);
}

/** Line noise: same length, broken CRC. */
function mangle(frame: Buffer): Buffer {
  return Buffer.from(frame.map((byte, index) => (index === 0 ? byte : byte ^ 0x5a)));
}

function dayPhase(at: Date, timeZone: string): 'day' | 'night' {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));
  return hour >= LIGHTS_ON_HOUR || hour < LIGHTS_OFF_HOUR ? 'night' : 'day';
}
