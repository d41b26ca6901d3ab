import fc from 'fast-check';
import { z } from 'zod';
import {
  AgentHealthSchema,
  AgentEventSchema,
  AgentStateSchema,
  CentralStateSchema,
  CommandResultSchema,
  DeviceCommandSchema,
  DeviceEventSchema,
  DeviceStatusSchema,
  MAX_PAYLOAD_BYTES,
  parsePayload,
} from '@lobby/contracts';
import { hostileJson, nearMiss } from '../support/hostile-json';
import { PURE_RUNS } from '../support/fuzz-runs';
import {
  agentBirth,
  agentDeath,
  agentEvent,
  agentHealth,
  centralState,
  commandResult,
  deviceCommand,
  deviceEvent,
  deviceStatus,
} from '../support/valid-payloads';

const runs = { numRuns: PURE_RUNS };

/** Every MQTT payload schema of the contract, with a generator of its valid payloads. */
const targets: Array<[string, z.ZodType, fc.Arbitrary<Record<string, unknown>>]> = [
  ['agent state (birth)', AgentStateSchema, agentBirth],
  ['agent state (death)', AgentStateSchema, agentDeath],
  ['agent health', AgentHealthSchema, agentHealth],
  ['agent event', AgentEventSchema, agentEvent],
  ['device status', DeviceStatusSchema, deviceStatus],
  ['device event', DeviceEventSchema, deviceEvent],
  ['command result', CommandResultSchema, commandResult],
  ['device command', DeviceCommandSchema, deviceCommand],
  ['central state', CentralStateSchema, centralState],
];

/** `parsePayload` must answer every input with a result; a throw would escape an MQTT handler. */
function parseNeverThrows(schema: z.ZodType, payload: string | Buffer): void {
  const result = parsePayload(schema, payload);
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) expect(['oversize', 'invalid-json', 'invalid-payload']).toContain(result.reason);
}

describe('MQTT payload schemas under generated input', () => {
  describe.each(targets)('%s', (_name, schema, valid) => {
    it('answers arbitrary JSON, near misses and raw bytes with a parse result, never a throw', () => {
      fc.assert(
        fc.property(fc.oneof(hostileJson, nearMiss(valid), fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a))), (payload) =>
          parseNeverThrows(schema, payload),
        ),
        runs,
      );
    });

    it('accepts every valid generated payload', () => {
      fc.assert(
        fc.property(valid, (payload) => {
          const result = parsePayload(schema, JSON.stringify(payload));
          expect(result.ok ? 'ok' : result.details).toBe('ok');
        }),
        runs,
      );
    });
  });

  it('refuses oversize payloads unread', () => {
    const big = `{"seq":1,"pad":"${'x'.repeat(MAX_PAYLOAD_BYTES)}"}`;
    for (const [, schema] of targets) expect(parsePayload(schema, big)).toMatchObject({ ok: false, reason: 'oversize' });
  });
});
