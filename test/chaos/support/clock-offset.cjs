/*
 * Loaded with `node --require` (NODE_OPTIONS) into an edge agent process: its wall clock runs
 * CHAOS_CLOCK_OFFSET_MS ahead (or behind, if negative), as on a branch PC whose clock is off.
 * Only `Date` moves; timers keep real time, as they do on such a PC.
 */
'use strict';
const offset = Number(process.env.CHAOS_CLOCK_OFFSET_MS || 0);
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = ShiftedDate;
