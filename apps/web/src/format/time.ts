import type { TFunction } from 'i18next';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, zone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${language}|${zone}|${withDate}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(withDate ? { month: '2-digit', day: '2-digit' } : {}),
    });
    formats.set(key, format);
  }
  return format;
}

/** A time in the branch's zone: "14:05" today, "11/28 14:05" on another day. */
export function branchTime(iso: string | null | undefined, zone: string, language: string, now = Date.now()): string {
  if (!iso) return '';
  const at = new Date(iso);
  const sameDay = localDate(at.getTime(), zone) === localDate(now, zone);
  return formatter(language, zone, !sameDay).format(at);
}

/** YYYY-MM-DD of an instant in a zone. */
export function localDate(ms: number, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

export function duration(t: TFunction, ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return t('format.duration.m', { n: minutes });
  const hours = Math.round(minutes / 6) / 10;
  if (hours < 48) return t('format.duration.h', { n: hours });
  return t('format.duration.d', { n: Math.round(hours / 2.4) / 10 });
}

export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—';
  return `${(ratio * 100).toFixed(1)}%`;
}
