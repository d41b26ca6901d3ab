import { DEVICE_KINDS, DeviceKind, spacedZh } from '@lobby/contracts';
import { deviceLabel, kindName } from '@lobby/devices';
import type { AutoCheck, ItemTemplate, Localized } from './checklist-templates.schema';

export interface ChecklistDevice {
  id: string;
  kind: DeviceKind;
  name: string | null;
  nameEn?: string | null;
  location?: string | null;
}

/** One item of a new checklist, before it is stored. */
export interface ItemSeed {
  id: string;
  position: number;
  mode: 'auto' | 'manual';
  check: AutoCheck | null;
  deviceId: string | null;
  title: Localized;
  params: ItemParams;
}

/** Per-item settings copied from the template, so a stored checklist does not depend on later template edits. */
export interface ItemParams {
  consumable?: 'paper' | 'ribbon';
  switchTest?: boolean;
}

/**
 * Templates × the branch's devices → items. An item with `kinds` is repeated per device of those
 * kinds (in kind order, then id); its id is `{templateId}.{deviceId}`, unique within the checklist.
 */
export function instantiateItems(templates: ItemTemplate[], devices: ChecklistDevice[]): ItemSeed[] {
  const ordered = [...devices].sort((a, b) => DEVICE_KINDS.indexOf(a.kind) - DEVICE_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));
  const items: ItemSeed[] = [];
  for (const template of templates) {
    const check = template.mode === 'auto' ? template.check : null;
    const params: ItemParams = template.mode === 'auto' ? pick(template) : {};
    if (!template.kinds) {
      items.push({ id: template.id, position: items.length, mode: template.mode, check, deviceId: null, title: template.title, params });
      continue;
    }
    for (const device of ordered.filter((d) => template.kinds!.includes(d.kind))) {
      items.push({
        id: `${template.id}.${device.id}`,
        position: items.length,
        mode: template.mode,
        check,
        deviceId: device.id,
        title: fillTitle(template.title, device),
        params,
      });
    }
  }
  return items;
}

function pick(template: Extract<ItemTemplate, { mode: 'auto' }>): ItemParams {
  return {
    ...(template.consumable ? { consumable: template.consumable } : {}),
    ...(template.switchTest !== undefined ? { switchTest: template.switchTest } : {}),
  };
}

/** `{device}` is the device as people name it (name and location), `{kind}` its kind's name. */
function fillTitle(title: Localized, device: ChecklistDevice): Localized {
  const label = spacedZh(deviceLabel(device));
  const kind = kindName(device.kind);
  const fill = (text: string, lang: keyof Localized) => text.replaceAll('{kind}', kind[lang]).replaceAll('{device}', label[lang]);
  return { zh: fill(title.zh, 'zh'), en: fill(title.en, 'en') };
}
