import en from './en.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

describe('the dashboard’s translation files', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('have the same keys in both languages, none empty', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, value] of [...zh, ...english]) expect([key, value.trim().length > 0]).toEqual([key, true]);
  });

  it('show no code in Chinese: every word a user reads is a word', () => {
    const codeLike = /\b[a-z]+(-[a-z]+)+\b|\b(critical|major|minor|warning|repair|refill|open|assigned|resolved)\b/;
    const offenders = [...zh].filter(([, value]) => codeLike.test(value.replace(/\{\{[^}]+\}\}/g, '')));
    expect(offenders).toEqual([]);
  });
});
