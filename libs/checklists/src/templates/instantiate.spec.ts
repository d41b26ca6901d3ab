import { DEFAULT_TEMPLATES } from './default-templates';
import { ChecklistDevice, instantiateItems } from './instantiate';

const devices: ChecklistDevice[] = [
  { id: 'LB-1', kind: 'light-box', name: null },
  { id: 'TP-2', kind: 'ticket-printer', name: null },
  { id: 'TP-1', kind: 'ticket-printer', name: null },
  { id: 'RB-1', kind: 'receipt-box', name: '对公回单箱' },
  { id: 'ATM-1', kind: 'cash-dispenser', name: null },
];

describe(instantiateItems.name, () => {
  const opening = instantiateItems(DEFAULT_TEMPLATES.opening, devices);

  it('repeats device items per device of the listed kinds, in kind then id order', () => {
    expect(opening.filter((i) => i.id.startsWith('device-ok.')).map((i) => i.deviceId)).toEqual(['TP-1', 'TP-2', 'ATM-1', 'LB-1', 'RB-1']);
    expect(opening.filter((i) => i.id.startsWith('paper.')).map((i) => i.id)).toEqual(['paper.TP-1', 'paper.TP-2', 'paper.RB-1']);
    expect(opening.filter((i) => i.id.startsWith('ribbon.')).map((i) => i.id)).toEqual(['ribbon.RB-1']);
    expect(opening.filter((i) => i.id.startsWith('lamp.')).map((i) => i.id)).toEqual(['lamp.LB-1']);
  });

  it('writes titles Chinese first with English, naming the device', () => {
    const paper = opening.find((i) => i.id === 'paper.TP-1')!;
    expect(paper.title).toEqual({ zh: '取号机 TP-1 纸量够用', en: 'Ticket printer TP-1 has paper for the day' });
    expect(opening.find((i) => i.id === 'paper.RB-1')!.title.zh).toBe('对公回单箱纸量够用');
    expect(paper).toMatchObject({ mode: 'auto', check: 'consumable', params: { consumable: 'paper' } });
  });

  it('keeps branch-level manual items once, positions unique and ordered', () => {
    const manual = opening.filter((i) => i.mode === 'manual');
    expect(manual.map((i) => i.id)).toEqual(['lobby-pcs', 'form-desk', 'pens', 'reading-glasses', 'brochures', 'waiting-area', 'hall-clean']);
    expect(manual.every((i) => i.deviceId === null && i.check === null)).toBe(true);
    expect(opening.map((i) => i.position)).toEqual(opening.map((_, n) => n));
    expect(new Set(opening.map((i) => i.id)).size).toBe(opening.length);
  });

  it('builds the closing checklist: printers off, light-box switch test, manual items', () => {
    const closing = instantiateItems(DEFAULT_TEMPLATES.closing, devices);
    expect(closing.map((i) => i.id)).toEqual(['powered-off.TP-1', 'powered-off.TP-2', 'lamp-check.LB-1', 'devices-clean', 'forms-restocked', 'posters-current']);
    expect(closing.find((i) => i.id === 'lamp-check.LB-1')!.params).toEqual({ switchTest: true });
  });

  it('makes a checklist of manual items only for a branch without devices', () => {
    expect(instantiateItems(DEFAULT_TEMPLATES.opening, []).every((i) => i.mode === 'manual')).toBe(true);
  });
});
