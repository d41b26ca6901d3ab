import { ManualClock } from '@lobby/runtime';
import { LightBoxSimulator } from './light-box.simulator';
import { decodeResponse, readCoilsRequest, readInputRegistersRequest, writeSingleCoilRequest } from './modbus-rtu.codec';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function harness(unitId = 1, options = {}) {
  const simulator = new LightBoxSimulator(unitId, options);
  const replies: Buffer[] = [];
  simulator.output$.subscribe((bytes) => replies.push(bytes));
  const ask = (request: Buffer): Buffer | undefined => {
    const before = replies.length;
    simulator.receive(request);
    return replies.length > before ? replies[replies.length - 1] : undefined;
  };
  return { simulator, replies, ask };
}

describe(LightBoxSimulator.name, () => {
  it('answers FC01 and FC04 with exact bytes', () => {
    const { ask } = harness(1, { switchedOn: true });
    expect(ask(readCoilsRequest(1, 0, 1))).toEqual(hex('01 01 01 01 90 48'));
    expect(ask(hex('02 04 00 00 00 02 71 F8'))).toBeUndefined();
    expect(ask(readInputRegistersRequest(1, 0, 2))).toEqual(hex('01 04 04 01 A4 08 FC BC 1A'));
  });

  it('answers only its own unit id on a shared bus', () => {
    const { ask, replies } = harness(2);
    expect(ask(readCoilsRequest(1, 0, 1))).toBeUndefined();
    expect(ask(readCoilsRequest(2, 0, 1))).toBeDefined();
    expect(replies).toHaveLength(1);
  });

  it('frames requests that arrive split into pieces', () => {
    const { simulator, replies } = harness(1);
    const request = readCoilsRequest(1, 0, 1);
    simulator.receive(request.subarray(0, 3));
    expect(replies).toHaveLength(0);
    simulator.receive(request.subarray(3));
    expect(replies).toHaveLength(1);
  });

  it('switches the lamp with FC05 and echoes the request', () => {
    const { simulator, ask } = harness(1);
    const request = writeSingleCoilRequest(1, 0, true);
    expect(ask(request)).toEqual(request);
    expect(simulator.switchedOn).toBe(true);
    expect(simulator.currentMa).toBe(420);
  });

  it('draws no current when burnt out and current when the relay is stuck', () => {
    const { simulator } = harness(1, { switchedOn: true });
    simulator.apply('burn-out');
    expect(simulator.currentMa).toBe(0);
    simulator.apply('repair');
    simulator.apply('stick-relay');
    simulator.apply('switch-off');
    expect(simulator.switchedOn).toBe(false);
    expect(simulator.currentMa).toBe(420);
  });

  it('replies with exceptions: once on exception-next, and for bad addresses and functions', () => {
    const { simulator, ask } = harness(1);
    simulator.apply('exception-next');
    expect(decodeResponse(ask(readCoilsRequest(1, 0, 1))!)).toMatchObject({ response: { type: 'exception', exceptionCode: 4 } });
    expect(decodeResponse(ask(readCoilsRequest(1, 0, 1))!)).toMatchObject({ response: { type: 'coils' } });
    expect(decodeResponse(ask(readInputRegistersRequest(1, 1, 2))!)).toMatchObject({ response: { type: 'exception', exceptionCode: 2 } });
  });

  it('stays silent, sends garbage, and resumes', () => {
    const { simulator, ask } = harness(1);
    simulator.apply('silent');
    expect(ask(readCoilsRequest(1, 0, 1))).toBeUndefined();
    simulator.apply('resume');
    simulator.apply('garbage');
    const noise = ask(readCoilsRequest(1, 0, 1));
    expect(noise).toBeDefined();
    expect(decodeResponse(noise!).status).not.toBe('ok');
    simulator.apply('resume');
    expect(decodeResponse(ask(readCoilsRequest(1, 0, 1))!).status).toBe('ok');
  });

  it('rejects an unknown action', () => {
    expect(() => harness().simulator.apply('explode')).toThrow(/unknown light-box action/);
  });

  it('autoplay switches on at dusk and off at dawn (Asia/Shanghai)', () => {
    const clock = new ManualClock(new Date('2026-11-28T09:59:00Z')); // 17:59 local
    const { simulator } = harness(1, { random: () => 1 });
    simulator.autoplay(clock);
    expect(simulator.switchedOn).toBe(false);
    clock.advance(60_000);
    expect(simulator.switchedOn).toBe(true);
    clock.set(new Date('2026-11-28T22:01:00Z')); // 06:01 local
    expect(simulator.switchedOn).toBe(false);
    simulator.stop();
  });

  it('autoplay burns the lamp out now and then and repairs it', () => {
    const clock = new ManualClock(new Date('2026-11-28T12:00:00Z')); // 20:00 local
    let chance = 0;
    const { simulator } = harness(1, { random: () => chance });
    simulator.autoplay(clock);
    expect(simulator.currentMa).toBe(0);
    chance = 1;
    clock.advance(5 * 60_000);
    expect(simulator.currentMa).toBe(420);
    simulator.stop();
  });
});
