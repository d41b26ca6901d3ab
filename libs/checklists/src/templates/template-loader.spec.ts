import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@lobby/platform';
import { DEFAULT_TEMPLATES } from './default-templates';
import { loadChecklistTemplates, parseChecklistTemplates } from './template-loader';

const SHIPPED = join(__dirname, '../../../../config/checklist-templates.yaml');

describe(parseChecklistTemplates.name, () => {
  it('reads the shipped templates file, which matches the built-in defaults', () => {
    expect(parseChecklistTemplates(readFileSync(SHIPPED, 'utf8'))).toEqual(DEFAULT_TEMPLATES);
  });

  it('falls back to the defaults without a file', () => {
    expect(loadChecklistTemplates('/nonexistent/checklist-templates.yaml')).toEqual({ templates: DEFAULT_TEMPLATES, source: 'defaults' });
  });

  it('fills schedule defaults and refuses bad templates with readable messages', () => {
    const minimal = parseChecklistTemplates('opening: []\nclosing: []\n');
    expect(minimal.schedule).toEqual({ openingLeadMinutes: 30, closingOverdueMinutes: 60 });
    const bad = (text: string) => () => parseChecklistTemplates(text, 'test.yaml');
    expect(bad('opening: [{id: Bad Id, mode: manual, title: {zh: 甲, en: A}}]\nclosing: []')).toThrow(/opening\.0\.id/);
    expect(bad('opening: [{id: paper, mode: auto, check: consumable, kinds: [ticket-printer], title: {zh: 纸, en: P}}]\nclosing: []')).toThrow(ConfigError);
    expect(bad('opening: [{id: a, mode: manual, title: {zh: 甲, en: A}}, {id: a, mode: manual, title: {zh: 乙, en: B}}]\nclosing: []')).toThrow(/unique/);
    expect(bad('opening: [{id: a, mode: auto, check: teleport, kinds: [light-box], title: {zh: 甲, en: A}}]\nclosing: []')).toThrow(ConfigError);
    expect(bad('opening: [\n')).toThrow(/not valid YAML/);
  });
});
