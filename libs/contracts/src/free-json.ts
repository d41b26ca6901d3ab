import { z } from 'zod';

/**
 * Bounds for free-form JSON objects (`data` of events, `args` of commands): the only places a
 * sender chooses the shape. Deep nesting or huge fan-out would pass a plain `record(unknown)` and
 * break whatever walks it later (serializers recurse), so it is refused at the edge.
 */
export const FREE_JSON_LIMITS = {
  /** Nesting of objects/arrays below the top-level object. */
  maxDepth: 8,
  /** Objects, arrays and scalars in total. */
  maxNodes: 1000,
  maxStringLength: 2000,
  maxKeyLength: 64,
} as const;

/** Why `value` breaks the limits, or null. Iterative, so hostile nesting cannot overflow the stack. */
export function freeJsonViolation(value: unknown, limits = FREE_JSON_LIMITS): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    if (typeof current === 'string' && current.length > limits.maxStringLength) return `a string longer than ${limits.maxStringLength} characters`;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    if (!Array.isArray(current) && Object.keys(current).some((key) => key.length > limits.maxKeyLength)) return `a key longer than ${limits.maxKeyLength} characters`;
    if (nodes + stack.length + children.length > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}

/** A JSON object of bounded depth, size and fan-out (see `FREE_JSON_LIMITS`). */
export const FreeJsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const violation = freeJsonViolation(value);
  if (violation) ctx.addIssue({ code: 'custom', message: `free-form JSON too large: ${violation}` });
});
