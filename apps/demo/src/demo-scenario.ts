import type { SimulatorScriptStep } from '@lobby/contracts';

const S = 1000;
const MIN = 60 * S;

/** The devices of a demo branch, by the suffix of their id (`SH-PUDONG-TP1`). */
export type DemoDevice = 'TP1' | 'RB1' | 'LB1' | 'LB2' | 'ATM1';

/**
 * The opening scene of the branch whose lobby manager the banner names. Within a minute of the
 * start every kind of event the product handles has happened once, through the real drivers:
 * paper low and then out on the ticket printer while its cutter jams (a repair task for
 * maintenance), a worn ribbon in the receipt box, the self-service sign's lamp failing while
 * lit, and a cash cassette running low (a replenishment task for the cash centre). Later the
 * lobby manager reloads paper and maintenance repairs the cutter and the lamp, so tasks also
 * resolve. Times count from the device's start, about a second after the banner; the central's
 * raise delays (10 s for the "low" alerts) come on top. After its last step each simulator goes
 * on with its random autoplay. The worn ribbon stays until someone sends `ribbon.reset`.
 */
export const OPENING_SCENE: Record<DemoDevice, SimulatorScriptStep[]> = {
  TP1: [
    { atMs: 5 * S, action: 'paper-near-end' },
    { atMs: 20 * S, action: 'cutter-jam' },
    { atMs: 30 * S, action: 'paper-out' },
    { atMs: 2.5 * MIN, action: 'paper-reload' },
    { atMs: 5 * MIN, action: 'clear-errors' },
  ],
  RB1: [{ atMs: 5 * S, action: 'ribbon-wear' }],
  LB1: [],
  LB2: [
    { atMs: 8 * S, action: 'switch-on' },
    { atMs: 10 * S, action: 'burn-out' },
    { atMs: 6 * MIN, action: 'repair' },
  ],
  // Each `dispense` is a busy spell: four take the first cassette from 1000 notes to 200 (low).
  ATM1: [6, 7, 8, 9].map((second) => ({ atMs: second * S, action: 'dispense' })),
};
