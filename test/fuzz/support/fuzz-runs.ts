/**
 * Case counts for the property suites. Pure targets (codecs, payload schemas) run 10,000 cases
 * each; FUZZ_RUNS raises or lowers every count at once (a long local soak, a quick check).
 */
const scale = Number(process.env.FUZZ_RUNS ?? 10_000) / 10_000;

/** Cases per pure target (codec function, payload schema). */
export const PURE_RUNS = Math.max(1, Math.round(10_000 * scale));

/** Cases per target over a real connection, where each case costs a round trip. */
export function networkRuns(perTarget: number): number {
  return Math.max(1, Math.round(perTarget * scale));
}
