import { DEFAULT_LOCALE, pick, type Locale } from '@lobby/contracts';
import { alertHeadline } from './alert-words';
import type { AlertView } from '../alerting.types';
import type { AlertEntity } from '../entities/alert.entity';

const iso = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(ms).toISOString());

/** docs/api.md Alert, plus `title` (what it is, in the reader's language), ack details and escalation time (additions). */
export function toAlertView(row: AlertEntity, locale: Locale = DEFAULT_LOCALE): AlertView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    branchId: row.branchId,
    type: row.type,
    ...(row.code ? { code: row.code } : {}),
    severity: row.severity,
    state: row.state,
    title: pick(alertHeadline(row), locale),
    message: locale === 'en' ? (row.messageEn ?? row.message) : row.message,
    raisedAt: new Date(row.raisedAt).toISOString(),
    ...(row.clearedAt !== null ? { clearedAt: iso(row.clearedAt) } : {}),
    ...(row.ackedBy ? { ackedBy: row.ackedBy, ackedAt: iso(row.ackedAt) } : {}),
    ...(row.ackNote ? { ackNote: row.ackNote } : {}),
    ...(row.escalatedAt !== null ? { escalatedAt: iso(row.escalatedAt) } : {}),
  };
}

/** An alert event's views: zh-CN, and English for the stream's readers whose locale is en. */
export function bothViews(row: AlertEntity): { alert: AlertView; alertEn: AlertView } {
  return { alert: toAlertView(row), alertEn: toAlertView(row, 'en') };
}
