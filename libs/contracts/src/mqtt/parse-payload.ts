import { z } from 'zod';

/** Largest payload the centre or an agent accepts; anything bigger is rejected unread. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export type PayloadRejection = 'oversize' | 'invalid-json' | 'invalid-payload';

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: PayloadRejection; message: string; details?: string[] };

/** Describes zod issues as `path: message` lines for logs and HTTP `details`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** UTF-8 JSON payload → typed value, or why not. Never throws. */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  payload: Buffer | string,
  maxBytes = MAX_PAYLOAD_BYTES,
): ParseResult<z.infer<S>> {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > maxBytes) return { ok: false, reason: 'oversize', message: `payload of ${size} bytes exceeds ${maxBytes}` };
  let json: unknown;
  try {
    json = JSON.parse(payload.toString());
  } catch (error) {
    return { ok: false, reason: 'invalid-json', message: (error as Error).message };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const details = describeIssues(result.error);
    return { ok: false, reason: 'invalid-payload', message: details[0] ?? 'invalid payload', details };
  }
  return { ok: true, value: result.data };
}
