/**
 * One complete MQTT message waiting in the store-and-forward buffer. `markHistorical` says the
 * payload is a device status or device event: the sender sets its `historical` flag at send
 * time (true while replaying a backlog, false when live).
 */
export interface OutboxMessage {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain?: boolean;
  markHistorical?: boolean;
}

/** A buffered message with its position: `ord` grows by one per entry within one process. */
export interface BufferedEntry {
  readonly ord: number;
  readonly message: OutboxMessage;
}

/** Shape check for a line read back from disk: a corrupt line is skipped, never sent. */
export function isOutboxMessage(value: unknown): value is OutboxMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.topic === 'string' &&
    v.topic.length > 0 &&
    typeof v.payload === 'string' &&
    (v.qos === 0 || v.qos === 1) &&
    (v.retain === undefined || typeof v.retain === 'boolean') &&
    (v.markHistorical === undefined || typeof v.markHistorical === 'boolean')
  );
}

/** Sets the `historical` flag in a status or event payload; other payloads pass unchanged. */
export function payloadForSend(message: OutboxMessage, historical: boolean): string {
  if (!message.markHistorical) return message.payload;
  try {
    const body = JSON.parse(message.payload) as Record<string, unknown>;
    return JSON.stringify({ ...body, historical });
  } catch {
    return message.payload;
  }
}
