import { z } from 'zod';

/** The languages people read: Chinese first (the default), English available. */
export const LOCALES = ['zh-CN', 'en'] as const;
export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** One text in both languages (`zh` is zh-CN). */
export interface Localized {
  zh: string;
  en: string;
}

/** The text of a `Localized` for a locale. */
export function pick(text: Localized, locale: Locale): string {
  return locale === 'en' ? text.en : text.zh;
}

/** A locale from anything (a stored column, a header): zh-CN unless it is plainly English. */
export function localeOf(value: unknown): Locale {
  return value === 'en' ? 'en' : DEFAULT_LOCALE;
}
