import fc from 'fast-check';

/** Keys that have tripped JSON handlers before: prototype names, empty, very long, odd characters. */
const trickyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', 'seq', 'ts', 'data', 'id', 'kind'),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 200, maxLength: 300 }),
);

/** Scalars JSON can carry, with the edges (huge, negative, fractional, far dates, long strings). */
const trickyScalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0.5, 1e308, -1e308, 2 ** 53 + 2, '', '0', 'NaN', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', 'ok', 'up'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

const trickyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A deeply nested array or object (a few thousand levels), as a JSON text. */
const deeplyNested = fc.tuple(fc.integer({ min: 100, max: 5000 }), fc.boolean()).map(([depth, objects]) =>
  objects ? '{"data":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth),
);

/** Text that is not JSON at all, or almost JSON. */
const notJson = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '[1,', '{"seq":}', 'null', '""', '1e999', '\u0000', '{"a":1}garbage'));

/**
 * Hostile MQTT/HTTP payload text: mostly JSON objects (some with valid-looking fields), plus
 * scalars, arrays, deep nesting and non-JSON. Mixed with `shapedLike` of a valid value by callers
 * that want near-misses.
 */
export const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: trickyValue.map((value) => JSON.stringify(value) ?? 'null'), weight: 6 },
  { arbitrary: fc.json({ maxDepth: 4 }), weight: 2 },
  { arbitrary: deeplyNested, weight: 1 },
  { arbitrary: notJson, weight: 1 },
);

/** A valid value with one field replaced, removed or added: the near misses a schema must catch. */
export function nearMiss(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc.tuple(valid, trickyKey, trickyValue, fc.constantFrom('replace', 'remove', 'add')).map(([value, key, replacement, how]) => {
    const copy: Record<string, unknown> = { ...value };
    const keys = Object.keys(copy);
    const target = how === 'add' || keys.length === 0 ? key : keys[key.length % keys.length];
    if (how === 'remove') delete copy[target];
    else copy[target] = replacement;
    return JSON.stringify(copy);
  });
}

/**
 * A valid payload whose free-form field (`data`, `args`) nests arrays or objects thousands deep:
 * small in bytes, passes a shallow schema, and stresses everything that walks it later
 * (serializers, database drivers, loggers).
 */
export function deepInside(valid: fc.Arbitrary<Record<string, unknown>>, field: string): fc.Arbitrary<string> {
  // Up to the 64 KB payload limit: 2 bytes a level for arrays, 6 for objects.
  return fc.tuple(valid, fc.integer({ min: 5_000, max: 30_000 }), fc.boolean()).map(([value, levels, objects]) => {
    const depth = objects ? Math.min(levels, 10_000) : levels;
    const nested = objects ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
    const text = JSON.stringify({ ...value, [field]: '__DEEP__' });
    return text.replace('"__DEEP__"', objects ? nested : `{"a":${nested}}`);
  });
}
