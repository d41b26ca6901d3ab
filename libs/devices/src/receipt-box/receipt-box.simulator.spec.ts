import { ManualClock } from '@lobby/runtime';
import { decodeStatusData, encodeFrame, FrameParser, LineItem, ribbonResetRequest, statusRequest } from './receipt-box.codec';
import { ReceiptBoxSimulator } from './receipt-box.simulator';

describe(ReceiptBoxSimulator.name, () => {
  let clock: ManualClock;
  let sim: ReceiptBoxSimulator;
  let out: Buffer[];

  beforeEach(() => {
    clock = new ManualClock();
    sim = new ReceiptBoxSimulator({ clock, paperLines: 100, ribbonLifeLines: 100, initialLinesPrinted: 500, linesPerReceipt: 10, receiptsPerCompartment: 2, totalCompartments: 2 });
    out = [];
    sim.output$.subscribe((bytes) => out.push(bytes));
  });
  afterEach(() => sim.stop());

  const exchange = (request: Buffer): LineItem[] => {
    out.length = 0;
    sim.receive(request);
    return new FrameParser().push(Buffer.concat(out));
  };
  const status = () => {
    const [item] = exchange(statusRequest());
    if (item?.type !== 'frame') throw new Error(`expected a frame, got ${JSON.stringify(item)}`);
    return decodeStatusData(item.frame.data)!;
  };

  it('answers a status request with its status frame', () => {
    expect(status()).toMatchObject({ paperLow: false, ribbonLow: false, totalCompartments: 2, fullCompartments: 0, linesPrinted: 500 });
  });

  it('counts lines, fills compartments, and wears paper and ribbon', () => {
    for (let i = 0; i < 4; i += 1) sim.apply('print-lines');
    expect(status()).toMatchObject({ linesPrinted: 540, fullCompartments: 2 });
    for (let i = 0; i < 5; i += 1) sim.apply('print-lines');
    expect(status()).toMatchObject({ paperLow: true, paperOut: false, ribbonLow: true, ribbonOut: false });
    sim.apply('print-lines');
    expect(status()).toMatchObject({ paperOut: true, ribbonOut: true, linesPrinted: 600 });
    sim.apply('print-lines');
    expect(status().linesPrinted).toBe(600);
  });

  it('clears ribbon wear on CMD 32 and answers 00, never resetting the lifetime counter', () => {
    sim.apply('ribbon-wear');
    expect(status()).toMatchObject({ ribbonLow: true, ribbonOut: false });
    sim.apply('ribbon-wear');
    expect(status()).toMatchObject({ ribbonOut: true });
    expect(exchange(ribbonResetRequest())).toEqual([{ type: 'frame', frame: { cmd: 0x32, data: Buffer.from([0]) } }]);
    expect(status()).toMatchObject({ ribbonLow: false, ribbonOut: false, linesPrinted: 500 });
  });

  it('NAKs a frame with a bad BCC', () => {
    const bad = Buffer.from(statusRequest());
    bad[4] ^= 1;
    expect(exchange(bad)).toEqual([{ type: 'nak' }]);
  });

  it('sends one corrupt reply when told to and resends it cleanly on NAK, at most twice', () => {
    sim.apply('corrupt-next');
    expect(exchange(statusRequest())).toEqual([{ type: 'error', error: 'bad-bcc' }]);
    expect(exchange(Buffer.from([0x15]))[0]).toMatchObject({ type: 'frame' });
    expect(exchange(Buffer.from([0x15]))[0]).toMatchObject({ type: 'frame' });
    expect(exchange(Buffer.from([0x15]))).toEqual([]);
  });

  it('reports door, head, jam and full compartments, and clears them', () => {
    ['door-open', 'head-error', 'jam', 'fill-compartments'].forEach((a) => sim.apply(a));
    expect(status()).toMatchObject({ doorOpen: true, printHeadError: true, paperJam: true, fullCompartments: 2 });
    ['door-close', 'clear-errors', 'empty-compartments'].forEach((a) => sim.apply(a));
    expect(status()).toMatchObject({ doorOpen: false, printHeadError: false, paperJam: false, fullCompartments: 0 });
  });

  it('goes silent, resumes, and ignores unknown commands', () => {
    sim.apply('silent');
    expect(exchange(statusRequest())).toEqual([]);
    sim.apply('resume');
    expect(exchange(encodeFrame(0x39))).toEqual([]);
    expect(status().linesPrinted).toBe(500);
    expect(() => sim.apply('explode')).toThrow(/unknown receipt-box action/);
  });

  it('prints receipts on its own when autoplaying', () => {
    sim.autoplay(clock);
    clock.advance(15_000);
    expect(status().linesPrinted).toBeGreaterThan(500);
  });
});
