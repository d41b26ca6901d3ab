import fc from 'fast-check';
import {
  AGENT_EVENT_TYPES,
  COMMAND_ACTIONS,
  DEVICE_EVENT_TYPES,
  DEVICE_KINDS,
  FAULT_CODES,
} from '@lobby/contracts';

/** Generators for every MQTT payload of the contract, valid by construction. */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'.split('');
export const id = fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 64 });
export const isoTs = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const seq = fc.nat();
const level = fc.constantFrom('ok', 'low', 'out', 'unknown');
const shortText = fc.string({ minLength: 1, maxLength: 64 });

export const deviceReading = fc.record(
  {
    kind: fc.constantFrom(...DEVICE_KINDS),
    link: fc.constantFrom('up', 'down'),
    state: fc.constantFrom('ok', 'warning', 'fault', 'offline', 'power-off'),
    faults: fc.uniqueArray(fc.constantFrom(...FAULT_CODES), { maxLength: 4 }),
    consumables: fc.record({ paper: fc.record({ level }), ribbon: fc.record({ level }) }, { requiredKeys: [] }),
    counters: fc.dictionary(fc.constantFrom('ticketsPrinted', 'linesPrinted', 'cuts'), fc.nat(), { maxKeys: 2 }),
    cash: fc.array(
      fc.record({
        unit: fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 32 }),
        currency: fc.constantFrom('CNY', 'USD', 'EUR'),
        denomination: fc.constantFrom(1, 5, 10, 20, 50, 100),
        count: fc.nat(5000),
        level: fc.constantFrom('ok', 'high', 'full', 'low', 'empty', 'missing', 'inoperative'),
      }),
      { maxLength: 4 },
    ),
    lamp: fc.record({ switchedOn: fc.boolean(), currentMa: fc.nat(5000) }),
    compartments: fc.record({ total: fc.nat(64), full: fc.nat(64) }),
  },
  { requiredKeys: ['kind', 'link', 'state', 'faults'] },
);

export const deviceStatus = fc
  .tuple(deviceReading, seq, isoTs, fc.option(fc.boolean(), { nil: undefined }))
  .map(([reading, s, ts, historical]) => ({ ...reading, seq: s, ts, ...(historical === undefined ? {} : { historical }) }));

export const agentBirth = fc.record({
  online: fc.constant(true as const),
  seq,
  bootId: shortText,
  ts: isoTs,
  agentVersion: shortText,
  devices: fc.array(fc.record({ id, kind: fc.constantFrom(...DEVICE_KINDS) }), { maxLength: 8 }),
});
export const agentDeath = fc.constant({ online: false as const });
export const agentHealth = fc.record({
  seq,
  ts: isoTs,
  uptimeS: fc.nat(),
  bufferQueued: fc.nat(),
  bufferDropped: fc.nat(),
  clockSkewMs: fc.integer({ min: -1e9, max: 1e9 }),
});
const eventData = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
export const agentEvent = fc.record({ seq, ts: isoTs, type: fc.constantFrom(...AGENT_EVENT_TYPES), data: eventData });
export const deviceEvent = fc.record(
  { seq, ts: isoTs, type: fc.constantFrom(...DEVICE_EVENT_TYPES), data: eventData, historical: fc.boolean() },
  { requiredKeys: ['seq', 'ts', 'type'] },
);
export const commandResult = fc.record(
  { id: fc.string({ minLength: 1, maxLength: 64 }), ok: fc.boolean(), error: fc.string({ maxLength: 200 }), ts: isoTs },
  { requiredKeys: ['id', 'ok', 'ts'] },
);
export const deviceCommand = fc.record(
  { id: fc.string({ minLength: 1, maxLength: 64 }), action: fc.constantFrom(...COMMAND_ACTIONS), args: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), expiresAt: isoTs },
  { requiredKeys: ['id', 'action', 'expiresAt'] },
);
export const centralState = fc.record({ online: fc.boolean(), ts: isoTs }, { requiredKeys: ['online'] });
