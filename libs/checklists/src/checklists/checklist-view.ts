import type { ChecklistEntity } from '../entities/checklist.entity';
import type { ChecklistItemEntity } from '../entities/checklist-item.entity';
import { DEFAULT_LOCALE, pick, type Locale } from '@lobby/contracts';
import type { Localized } from '../templates/checklist-templates.schema';

/** An item as the API shows it (docs/api.md): `title` and `reason` in the reader's language, both languages beside them. */
export interface ChecklistItemView {
  id: string;
  title: string;
  titles: Localized;
  mode: 'auto' | 'manual';
  done: boolean;
  deviceId?: string;
  reason?: string;
  reasons?: Localized;
  alertId?: string;
  taskId?: string;
  doneBy?: string;
  doneAt?: string;
  note?: string;
}

export interface ChecklistView {
  id: string;
  branchId: string;
  kind: 'opening' | 'closing';
  date: string;
  dueAt: string;
  overdueAt: string;
  /** Signed off. */
  complete: boolean;
  /** Not signed off and past its deadline. */
  overdue: boolean;
  signedOffBy?: string;
  signedOffAt?: string;
  generatedAt: string;
  done: number;
  total: number;
  items: ChecklistItemView[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toChecklistView(row: ChecklistEntity, items: ChecklistItemEntity[], now: number, locale: Locale = DEFAULT_LOCALE): ChecklistView {
  const sorted = [...items].sort((a, b) => a.position - b.position);
  return {
    id: row.id,
    branchId: row.branchId,
    kind: row.kind,
    date: row.date,
    dueAt: iso(row.dueAt),
    overdueAt: iso(row.overdueAt),
    complete: row.signedOffAt !== null,
    overdue: row.signedOffAt === null && now >= row.overdueAt,
    ...(row.signedOffBy ? { signedOffBy: row.signedOffBy } : {}),
    ...(row.signedOffAt !== null ? { signedOffAt: iso(row.signedOffAt) } : {}),
    generatedAt: iso(row.generatedAt),
    done: sorted.filter((i) => i.done).length,
    total: sorted.length,
    items: sorted.map((item) => toItemView(item, locale)),
  };
}

export function toItemView(item: ChecklistItemEntity, locale: Locale = DEFAULT_LOCALE): ChecklistItemView {
  const titles = { zh: item.titleZh, en: item.titleEn };
  const reasons = item.reasonZh && item.reasonEn ? { zh: item.reasonZh, en: item.reasonEn } : null;
  return {
    id: item.itemId,
    title: pick(titles, locale),
    titles,
    mode: item.mode,
    done: item.done,
    ...(item.deviceId ? { deviceId: item.deviceId } : {}),
    ...(reasons ? { reason: pick(reasons, locale), reasons } : {}),
    ...(item.alertId ? { alertId: item.alertId } : {}),
    ...(item.taskId ? { taskId: item.taskId } : {}),
    ...(item.doneBy ? { doneBy: item.doneBy } : {}),
    ...(item.doneAt !== null ? { doneAt: iso(item.doneAt) } : {}),
    ...(item.note ? { note: item.note } : {}),
  };
}
