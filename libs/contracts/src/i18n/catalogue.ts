import type { Locale, Localized } from './locale';
import { MESSAGES, type MessageKey } from './messages';

/** A parameter of a message: a plain value, or a text that itself has both languages. */
export type MessageParam = string | number | Localized;
export type MessageParams = Record<string, MessageParam>;

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * The catalogue's text for `key` in `locale`, with `{name}` placeholders filled. A missing
 * parameter is a programming error: it throws rather than show a person "{device}".
 */
export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = MESSAGES[key][locale === 'en' ? 'en' : 'zh'];
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`message ${key}: parameter ${name} missing`);
    if (typeof value === 'object') return locale === 'en' ? value.en : value.zh;
    return String(value);
  });
}

/** The message in both languages, for storing beside a row and choosing per reader later. */
export function both(key: MessageKey, params: MessageParams = {}): Localized {
  return { zh: t('zh-CN', key, params), en: t('en', key, params) };
}

/** Joins localized parts with each language's own separator. */
export function joinLocalized(parts: Localized[], separator: Localized = { zh: '、', en: ', ' }): Localized {
  return { zh: parts.map((p) => p.zh).join(separator.zh), en: parts.map((p) => p.en).join(separator.en) };
}

/** A plain value (a device name a person typed, a number) shown alike in both languages. */
export function same(text: string): Localized {
  return { zh: text, en: text };
}

/**
 * A Chinese phrase followed directly by more Chinese: a space after it only when it ends in a
 * Latin letter or digit ("取号机 TP-1 纸量够用", but "取号机 1（大厅东侧）切刀故障").
 */
export function spacedZh(text: Localized): Localized {
  return /[A-Za-z0-9]$/.test(text.zh) ? { zh: `${text.zh} `, en: text.en } : text;
}

/** The last part of every catalogue key under `prefix.` (`report.title` → `title`). */
export type WordsUnder<P extends string> = { [K in MessageKey]: K extends `${P}.${infer W}` ? W : never }[MessageKey];

/**
 * A page's words under one prefix in one language, read as `w.title` (checked against the
 * catalogue's keys when compiled; each text looked up when read).
 */
export function wordsUnder<P extends string>(locale: Locale, prefix: P): Record<WordsUnder<P>, string> {
  return new Proxy({} as Record<WordsUnder<P>, string>, { get: (_, word) => t(locale, `${prefix}.${String(word)}` as MessageKey) });
}
