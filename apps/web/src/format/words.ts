import i18next, { type TFunction } from 'i18next';
import type { Alert, Device, Task } from '../api/types';
import { getSession } from '../auth/session';
import zhCN from '../i18n/zh-CN.json';

/** Codes the API sends, turned into words; an unknown code gets the group's "other" word, never the code itself. */
function word(t: TFunction, group: keyof typeof zhCN, code: string | null | undefined): string {
  const known = code && Object.prototype.hasOwnProperty.call(zhCN[group], code);
  return t(`${group}.${known ? code : 'other'}`);
}

export const kindWord = (t: TFunction, kind: string) => word(t, 'kind', kind);
export const faultWord = (t: TFunction, code: string) => word(t, 'fault', code);
export const taskKindWord = (t: TFunction, kind: string) => word(t, 'taskKind', kind);

export function stateWord(t: TFunction, device: Pick<Device, 'state' | 'link'>): string {
  if (device.link === 'down' && device.state !== 'power-off') return t('state.link-down');
  return t(`state.${device.state && ['ok', 'warning', 'fault', 'offline', 'power-off'].includes(device.state) ? device.state : 'unknown'}`);
}

/** The screen's language: English, or Chinese (the default). */
const screenIsEnglish = () => i18next.language === 'en';

/**
 * What an alert is, in the screen's language: the server's own `title` (from its message
 * catalogue, in the user's locale) when the screen shows that language, else the screen's words.
 */
export function alertTitle(t: TFunction, alert: Pick<Alert, 'type' | 'code' | 'title'>): string {
  const serverEnglish = getSession()?.user.locale === 'en';
  if (alert.title && serverEnglish === screenIsEnglish()) return alert.title;
  const type = word(t, 'alertType', alert.type);
  return alert.type === 'fault' && alert.code ? `${type}：${faultWord(t, alert.code)}` : type;
}

export function problemWord(t: TFunction, task: Pick<Task, 'problem' | 'kind'>): string {
  const problem = task.problem ?? '';
  if (problem.startsWith('fault:')) return faultWord(t, problem.slice('fault:'.length));
  if (!problem) return taskKindWord(t, task.kind);
  return word(t, 'problem', problem);
}

/** A device by its name (its English name on an English screen, where it has one); its kind and id only when it has none. */
export function deviceName(t: TFunction, device: (Pick<Device, 'id' | 'name' | 'kind'> & { nameEn?: string | null }) | undefined, id?: string | null): string {
  if (device?.nameEn && screenIsEnglish()) return device.nameEn;
  if (device?.name) return device.name;
  if (device) return `${kindWord(t, device.kind)} ${device.id}`;
  return t('common.unnamed', { id: id ?? '' });
}

/**
 * A checklist text in the screen's language: from both languages when the server sends them,
 * else the one-language text (older servers sent "中文 / English": show the reader's half).
 */
export function localTitle(title: string, language: string, both?: { zh: string; en: string }): string {
  if (both) return language === 'en' ? both.en : both.zh;
  const parts = title.split(' / ');
  if (parts.length !== 2) return title;
  return language === 'en' ? parts[1] : parts[0];
}
