import { forecastConsumable, forecastProblem, refillsConsumable } from './task-problems';

describe('task problems that name a consumable', () => {
  it('names forecast tasks and reads them back', () => {
    expect([forecastProblem('paper'), forecastProblem('cash', 'CASS1')]).toEqual(['paper-forecast', 'cash-forecast:CASS1']);
    expect(['paper-forecast', 'cash-forecast:CASS1', 'paper', 'cash-unit:CASS1', 'fault:cutter-error'].map(forecastConsumable)).toEqual(['paper', 'cash', null, null, null]);
  });

  it('takes an alert refill task or a forecast task as a refill of the consumable, and a broken cassette’s repair not', () => {
    expect(['cash', 'cash-forecast:CASS1', 'cash-unit:CASS1', 'paper'].map((p) => refillsConsumable(p, 'cash'))).toEqual([true, true, false, false]);
  });
});
