import { DEVICE_KINDS, FAULT_CODES, type Localized } from '@lobby/contracts';
import { ALL_PROFILES, deviceLabel, DEVICE_PROFILES, faultProfile, repairFaults } from './device-profiles';

const CJK = /[\u4e00-\u9fff]/;
const LATIN_WORD = /[A-Za-z]{2,}/;

function expectBothLanguages(where: string, text: Localized): void {
  expect({ where, zh: CJK.test(text.zh) && !LATIN_WORD.test(text.zh) }).toEqual({ where, zh: true });
  expect({ where, en: text.en.trim().length > 0 && !CJK.test(text.en) }).toEqual({ where, en: true });
}

describe('device profiles', () => {
  it('has one profile per kind, each naming itself, its faults and what a person does, in both languages', () => {
    expect(Object.keys(DEVICE_PROFILES).sort()).toEqual([...DEVICE_KINDS].sort());
    for (const profile of ALL_PROFILES) {
      expectBothLanguages(`${profile.kind} name`, profile.name);
      for (const [code, fault] of Object.entries(profile.faults)) {
        expectBothLanguages(`${profile.kind} ${code} name`, fault.name);
        expectBothLanguages(`${profile.kind} ${code} action`, fault.action);
      }
    }
  });

  it('names every contract fault code somewhere, so no code reaches a sentence', () => {
    const unnamed = FAULT_CODES.filter((code) => !ALL_PROFILES.some((p) => p.faults[code]));
    expect(unnamed).toEqual([]);
    expect(faultProfile('cutter-error', 'ticket-printer').name.zh).toBe('切刀故障');
    expect(faultProfile('not-a-code').name.zh).toBe('设备故障');
  });

  it('derives the repair faults the alert rules use', () => {
    expect(repairFaults()).toContain('cutter-error');
    expect(repairFaults()).not.toContain('cover-open');
  });

  it('shows a device by its name and location, or its kind and id when unnamed', () => {
    expect(deviceLabel({ kind: 'ticket-printer', id: 'TP-1', name: '取号机 1', nameEn: 'Ticket printer 1', location: '大厅东侧' })).toEqual({
      zh: '取号机 1（大厅东侧）',
      en: 'Ticket printer 1 (大厅东侧)',
    });
    expect(deviceLabel({ kind: 'receipt-box', id: 'RB-1' })).toEqual({ zh: '回单箱 RB-1', en: 'Receipt box RB-1' });
  });
});
