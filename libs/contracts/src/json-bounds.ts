import { freeJsonViolation } from './free-json';

/**
 * Whether a parsed JSON value nests deeper than `maxDepth` or holds more than `maxNodes` values
 * (the HTTP body guard uses it with its own depth). The walk is `freeJsonViolation`'s: iterative,
 * so hostile nesting cannot overflow the stack.
 */
export function exceedsJsonBounds(value: unknown, maxDepth: number, maxNodes = Number.POSITIVE_INFINITY): boolean {
  return freeJsonViolation(value, { maxDepth, maxNodes, maxStringLength: Number.POSITIVE_INFINITY, maxKeyLength: Number.POSITIVE_INFINITY }) !== null;
}
