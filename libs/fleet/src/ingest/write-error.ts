/**
 * Whether a failed ingest write is about the store (down, full, locked, connection lost: retry
 * the same rows later) or about the rows themselves (a value the database or the serializer
 * refuses: retrying can never succeed, so the row is set aside). When unsure it is the store:
 * keeping a row and retrying is safe, setting aside a good row is not.
 */
export function isRowError(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof TypeError) return true; // e.g. stack overflow while serializing
  const code = errorCode(error);
  if (!code) return false;
  if (code.startsWith('SQLITE_')) return ROW_SQLITE_CODES.has(code);
  // PostgreSQL SQLSTATE classes: 22 data exception, 23 integrity violation, 54 program limit
  // exceeded, P0 raised by a trigger/function. 53 (out of disk/memory), 08, 57 are the store.
  return /^(22|23|54|P0)[0-9A-Z]{3}$/.test(code);
}

const ROW_SQLITE_CODES = new Set(['SQLITE_CONSTRAINT', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG', 'SQLITE_RANGE']);

function errorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const own = (error as { code?: unknown }).code;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  const code = typeof driver === 'string' ? driver : own;
  return typeof code === 'string' ? code : undefined;
}
