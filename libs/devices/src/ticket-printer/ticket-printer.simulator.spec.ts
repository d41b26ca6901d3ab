import { ManualClock } from '@lobby/runtime';
import { TicketPrinterSimulator } from './ticket-printer.simulator';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe(TicketPrinterSimulator.name, () => {
  let clock: ManualClock;
  let sim: TicketPrinterSimulator;
  let out: number[];

  beforeEach(() => {
    clock = new ManualClock();
    sim = new TicketPrinterSimulator({ clock, rollCapacity: 10, nearEndTickets: 3, initialCount: 41, supportsPowerOff: true });
    out = [];
    sim.output$.subscribe((bytes) => out.push(...bytes));
  });
  afterEach(() => sim.stop());

  const ask = (bytes: string): number[] => {
    out.length = 0;
    sim.receive(hex(bytes));
    return [...out];
  };

  it('answers DLE EOT 1..4 with the idle status bytes', () => {
    expect(ask('10 04 01 10 04 02 10 04 03 10 04 04')).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('handles a request split across writes', () => {
    expect(ask('10')).toEqual([]);
    expect(ask('04')).toEqual([]);
    expect(ask('04')).toEqual([0x12]);
  });

  it('answers GS g 2 after the reply time and ignores real-time requests meanwhile', () => {
    expect(ask('1d 67 32 00 32 00')).toEqual([]);
    expect(ask('10 04 01')).toEqual([]);
    clock.advance(10);
    expect(out).toEqual([...hex('5f 34 31 00')]);
    expect(ask('10 04 01')).toEqual([0x12]);
  });

  it('runs the paper down: near-end before end, and stops cutting at the end', () => {
    for (let i = 0; i < 7; i += 1) sim.apply('issue-ticket');
    expect(ask('10 04 04')).toEqual([0x1e]);
    for (let i = 0; i < 5; i += 1) sim.apply('issue-ticket');
    expect(sim.ticketsPrinted).toBe(51);
    expect(ask('10 04 04 10 04 02 10 04 01')).toEqual([0x7e, 0x32, 0x1a]);
    sim.apply('paper-reload');
    expect(ask('10 04 04')).toEqual([0x12]);
  });

  it('reports cover and cutter faults and clears them', () => {
    sim.apply('cover-open');
    sim.apply('cutter-jam');
    expect(ask('10 04 01 10 04 02 10 04 03')).toEqual([0x1a, 0x56, 0x1a]);
    sim.apply('cover-close');
    sim.apply('clear-errors');
    expect(ask('10 04 01 10 04 02 10 04 03')).toEqual([0x12, 0x12, 0x12]);
  });

  it('goes silent and resumes', () => {
    sim.apply('silent');
    expect(ask('10 04 01')).toEqual([]);
    sim.apply('resume');
    expect(ask('10 04 01')).toEqual([0x12]);
  });

  it('wraps replies in XON/XOFF noise after garbage', () => {
    sim.apply('garbage');
    expect(out.length).toBeGreaterThan(0);
    expect(ask('10 04 01')).toEqual([0x13, 0x00, 0x12, 0x11]);
  });

  it('powers off on DLE DC4 with the notice, then stays quiet', () => {
    expect(ask('10 14 02 01 08')).toEqual([0x3b, 0x30, 0x00]);
    expect(ask('10 04 01')).toEqual([]);
    sim.apply('power-on');
    expect(ask('10 04 01')).toEqual([0x12]);
  });

  it('skips unknown bytes and rejects unknown actions', () => {
    expect(ask('ff 00 1b 40 10 04 04')).toEqual([0x12]);
    expect(() => sim.apply('explode')).toThrow(/unknown ticket-printer action/);
  });

  it('issues tickets on its own when autoplaying', () => {
    sim.apply('paper-reload');
    sim.autoplay(clock);
    clock.advance(20_000);
    expect(sim.ticketsPrinted).toBeGreaterThan(41);
  });
});
