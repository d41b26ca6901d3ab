import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeIssues } from '@lobby/contracts';
import { ConfigError } from '@lobby/platform';
import { ChecklistTemplates, ChecklistTemplatesSchema } from './checklist-templates.schema';
import { DEFAULT_TEMPLATES } from './default-templates';

/** Reads and validates the templates file; a missing file means the built-in defaults, a bad one fails the start. */
export function loadChecklistTemplates(path: string): { templates: ChecklistTemplates; source: 'file' | 'defaults' } {
  if (!existsSync(path)) return { templates: DEFAULT_TEMPLATES, source: 'defaults' };
  return { templates: parseChecklistTemplates(readFileSync(path, 'utf8'), path), source: 'file' };
}

export function parseChecklistTemplates(text: string, where = 'checklist templates'): ChecklistTemplates {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new ConfigError(`${where} is not valid YAML/JSON: ${(error as Error).message}`);
  }
  const parsed = ChecklistTemplatesSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${where} is invalid: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
