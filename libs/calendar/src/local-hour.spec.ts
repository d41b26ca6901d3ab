import fc from 'fast-check';
import { DateTime } from 'luxon';
import { localHour, nextLocalHour } from './local-hour';

/**
 * Zones with DST both ways, half- and three-quarter-hour offsets, and the branches' own. Not Lord
 * Howe Island's half-hour DST move: there the hour repeated at its end starts, for luxon, at the
 * earlier offset and, here, at the later one.
 */
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC'];
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2030, 0, 1);

describe(localHour.name, () => {
  it('agrees with luxon on weekday, hour and the hour’s start at any instant in any zone, DST changes included', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (at, zone) => {
        const luxon = DateTime.fromMillis(at, { zone });
        expect(localHour(at, zone)).toEqual({ weekday: luxon.weekday, hour: luxon.hour, hourStart: luxon.startOf('hour').toMillis() });
      }),
      { numRuns: 20_000 },
    );
  });

  it('steps to the next local hour as luxon adds an hour, also across the night DST changes', () => {
    for (const zone of ZONES) {
      // Every hour of two weeks around each 2026 DST change in Berlin, New York and Sydney.
      for (const change of [Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25), Date.UTC(2026, 2, 8), Date.UTC(2026, 10, 1), Date.UTC(2026, 3, 5), Date.UTC(2026, 9, 4)]) {
        for (let at = change - 7 * 86_400_000 + 1_234; at < change + 7 * 86_400_000; at = nextLocalHour(at, zone)) {
          expect(nextLocalHour(at, zone)).toBe(DateTime.fromMillis(at, { zone }).startOf('hour').plus({ hours: 1 }).toMillis());
        }
      }
    }
  });

  it('takes an unknown zone as UTC instead of answering NaN', () => {
    expect(localHour(Date.UTC(2026, 10, 30, 10, 30), 'Nowhere/Atlantis')).toEqual({ weekday: 1, hour: 10, hourStart: Date.UTC(2026, 10, 30, 10) });
  });
});
