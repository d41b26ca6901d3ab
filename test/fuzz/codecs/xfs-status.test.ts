import fc from 'fast-check';
import { DeviceReadingSchema, parsePayload } from '@lobby/contracts';
import { XfsStatus, XfsStatusSchema, mapXfsStatus, mergeXfsStatus } from '@lobby/devices';
import {
  XFS_DEVICE_STATES,
  XFS_DISPENSER_STATES,
  XFS_PAPER_STATES,
  XFS_REPLENISHMENT_STATES,
  XFS_SAFE_DOOR_STATES,
  XFS_SHUTTER_STATES,
  XFS_TONER_STATES,
  XFS_UNIT_STATES,
} from '../../../libs/devices/src/cash-dispenser/xfs-status.schema';
import { hostileJson } from '../support/hostile-json';
import { PURE_RUNS } from '../support/fuzz-runs';

const runs = { numRuns: PURE_RUNS };
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const UNIT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-'.split('');
/** Unit ids the schema allows, prototype names included (they match the id pattern). */
const unitId = fc.oneof(
  fc.constantFrom('CASS1', 'CASS2', '__proto__', 'constructor', 'toString'),
  fc.string({ unit: fc.constantFrom(...UNIT_CHARS), minLength: 1, maxLength: 32 }),
);
const currency = fc.string({ unit: fc.constantFrom(...UNIT_CHARS.slice(0, 26)), minLength: 3, maxLength: 3 });

/** Valid XFS status messages: every section and field optional, as the machine sends them. */
const validXfs: fc.Arbitrary<XfsStatus> = fc.record(
  {
    common: fc.record({ device: opt(fc.constantFrom(...XFS_DEVICE_STATES)) }, { requiredKeys: [] }),
    printer: fc.record(
      { paper: fc.record({ upper: fc.constantFrom(...XFS_PAPER_STATES) }, { requiredKeys: [] }), toner: fc.constantFrom(...XFS_TONER_STATES) },
      { requiredKeys: [] },
    ),
    cashManagement: fc.record(
      { dispenser: fc.constantFrom(...XFS_DISPENSER_STATES), shutter: fc.constantFrom(...XFS_SHUTTER_STATES), safeDoor: fc.constantFrom(...XFS_SAFE_DOOR_STATES) },
      { requiredKeys: [] },
    ),
    storage: fc.dictionary(
      unitId,
      fc.record(
        {
          currency,
          value: fc.double({ min: 0, max: 1e6, noNaN: true }),
          count: fc.nat(),
          status: fc.constantFrom(...XFS_UNIT_STATES),
          replenishmentStatus: fc.constantFrom(...XFS_REPLENISHMENT_STATES),
        },
        { requiredKeys: [] },
      ),
      { maxKeys: 6 },
    ),
  },
  { requiredKeys: [] },
);

/** XFS JSON (cash dispenser): schema → accumulated status → normalized reading. */
describe('XFS status mapping under generated input', () => {
  it('arbitrary JSON never throws: it is rejected, or it maps to a valid reading', () => {
    fc.assert(
      fc.property(hostileJson, (payload) => {
        const parsed = parsePayload(XfsStatusSchema, payload);
        if (!parsed.ok) return;
        const reading = mapXfsStatus(mergeXfsStatus({}, parsed.value));
        expect(DeviceReadingSchema.safeParse(reading).success).toBe(true);
      }),
      runs,
    );
  });

  it('accepts every valid message, and any sequence of them folds into a valid reading', () => {
    fc.assert(
      fc.property(fc.array(validXfs, { minLength: 1, maxLength: 4 }), (messages) => {
        let state: XfsStatus = {};
        for (const message of messages) {
          const parsed = parsePayload(XfsStatusSchema, JSON.stringify(message));
          expect(parsed.ok).toBe(true);
          if (parsed.ok) state = mergeXfsStatus(state, parsed.value);
        }
        const reading = mapXfsStatus(state);
        const checked = DeviceReadingSchema.safeParse(reading);
        expect(checked.success ? [] : checked.error.issues).toEqual([]);
        // Merging never pollutes Object.prototype, whatever the unit ids are.
        expect(({} as Record<string, unknown>).currency).toBeUndefined();
      }),
      runs,
    );
  });
});
