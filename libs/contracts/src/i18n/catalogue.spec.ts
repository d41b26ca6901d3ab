import { both, t } from './catalogue';
import { MESSAGES, type MessageKey } from './messages';

/** Sample values for every parameter name the catalogue uses. */
const SAMPLES: Record<string, string | number | { zh: string; en: string }> = {
  name: '取号机 1', location: '大厅东侧', kind: { zh: '取号机', en: 'Ticket printer' }, id: 'TP-1',
  device: { zh: '取号机 1（大厅东侧）', en: 'Ticket printer 1 (lobby east)' }, what: { zh: '切刀故障', en: 'cutter jammed' },
  unit: 'CASS1', branch: '朝阳支行', missing: 3, seconds: 400, title: { zh: '缺纸', en: 'Out of paper' },
  message: { zh: '取号机 1（大厅东侧）缺纸', en: 'Ticket printer 1 (lobby east): Out of paper' }, minutes: 15,
  problem: { zh: '换纸', en: 'load paper' }, respondBy: '2026-11-28 09:30:00', resolveBy: '2026-11-28 13:00:00',
  due: '2026-11-28 09:00', status: { zh: '待处理', en: 'open' }, assignee: '王师傅', severity: '紧急', time: '10:20',
  done: 3, total: 12, faults: { zh: '机盖未关、切刀故障', en: 'cover open, cutter jammed' }, consumable: { zh: '纸', en: 'paper' },
  action: { zh: '装新纸卷', en: 'load a new roll' }, currentMa: 10, items: { zh: '签字笔可用、大厅整洁明亮', en: 'Pens work, Hall clean and bright' }, h: 1, m: 5, dispensed: 120, replenished: 1,
  error: '设备无响应', date: '2026-11-02',
};

const PARAM = /\{(\w+)\}/g;
/** Latin words a Chinese sentence may not carry: anything of 2+ letters but units people read. */
const LATIN_WORD = /[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]/g;
const ALLOWED_IN_ZH = new Set(['CASS1', 'TP-1']);
/** What a code or key looks like: kebab-case or dotted identifiers. */
const CODE = /\b[a-z]+(?:[-.][a-z]+)+\b/;

const keys = Object.keys(MESSAGES) as MessageKey[];

function paramsOf(key: MessageKey) {
  const names = new Set([...MESSAGES[key].zh.matchAll(PARAM), ...MESSAGES[key].en.matchAll(PARAM)].map((m) => m[1]));
  return Object.fromEntries([...names].map((n) => [n, SAMPLES[n]]));
}

describe('message catalogue', () => {
  it.each(keys)('%s renders in zh-CN and en with no leftover placeholder or code', (key) => {
    const params = paramsOf(key);
    for (const [name, value] of Object.entries(params)) expect({ key, name, value }).toEqual({ key, name, value: expect.anything() });
    const text = both(key, params);
    for (const rendered of [text.zh, text.en]) {
      expect(rendered.trim()).not.toBe('');
      expect(rendered).not.toMatch(PARAM);
      expect(rendered).not.toMatch(CODE);
    }
    const latin = (text.zh.match(LATIN_WORD) ?? []).filter((w) => !ALLOWED_IN_ZH.has(w));
    expect({ key, latin }).toEqual({ key, latin: [] });
    expect(text.zh).toMatch(/[\u4e00-\u9fff]|^[\d\s{}:/（）()、，。]*$/);
  });

  it('has every key in both languages, and the two languages use the same parameters', () => {
    for (const key of keys) {
      const entry = MESSAGES[key];
      expect({ key, zh: entry.zh.length > 0, en: entry.en.length > 0 }).toEqual({ key, zh: true, en: true });
      const names = (s: string) => [...s.matchAll(PARAM)].map((m) => m[1]).sort();
      expect({ key, params: names(entry.zh) }).toEqual({ key, params: names(entry.en) });
    }
  });

  it('refuses to render with a parameter missing rather than show "{device}"', () => {
    expect(() => t('zh-CN', 'alert.device', { what: '缺纸' })).toThrow(/device/);
  });

  it('picks the language per reader and fills localized parameters in each', () => {
    const text = both('alert.device', { device: { zh: '取号机 1（大厅东侧）', en: 'Ticket printer 1 (lobby east)' }, what: { zh: '切刀故障', en: 'cutter jammed' } });
    expect(text).toEqual({ zh: '取号机 1（大厅东侧）切刀故障', en: 'Ticket printer 1 (lobby east): cutter jammed' });
  });
});
