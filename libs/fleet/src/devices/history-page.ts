import { invalid } from '@lobby/platform';

/** Where each list of a history page ended: `[ts, seq]` of its last row, or `done`. */
interface HistoryCursor {
  s: [number, number] | 'done' | null;
  e: [number, number] | 'done' | null;
}

export const HISTORY_DEFAULT_LIMIT = 1000;
export const HISTORY_MAX_LIMIT = 10_000;
export const HISTORY_MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

/** `next` of a history page: opaque to clients (base64url JSON), passed back as `?cursor=`. */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeHistoryCursor(text: string | undefined): HistoryCursor {
  if (!text) return { s: null, e: null };
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as HistoryCursor;
    if (validPart(value.s) && validPart(value.e)) return value;
  } catch {
    // reported below
  }
  throw invalid('invalid history cursor: pass back `next` of the previous page unchanged');
}

function validPart(part: unknown): boolean {
  return part === null || part === 'done' || (Array.isArray(part) && part.length === 2 && part.every((n) => Number.isSafeInteger(n)));
}
