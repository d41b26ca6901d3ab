/**
 * Whether a parsed JSON value nests deeper than `maxDepth` or holds more than `maxNodes` values.
 * Iterative on purpose: a recursive walk of hostile input (10,000 nested arrays) would overflow
 * the stack, which is the failure this check exists to prevent.
 */
export function exceedsJsonBounds(value: unknown, maxDepth: number, maxNodes = Number.POSITIVE_INFINITY): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let nodes = 0;
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (++nodes > maxNodes) return true;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
