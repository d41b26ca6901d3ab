import { SeqWindow } from './seq-window';

describe(SeqWindow.name, () => {
  it('drops repeats and accepts a backlog replayed after a newer birth', () => {
    const window = new SeqWindow('boot-1');
    expect(window.accept(1).verdict).toBe('new');
    expect(window.accept(2).verdict).toBe('new');
    expect(window.accept(10)).toEqual({ verdict: 'new', skipped: 7 });
    expect(window.missing()).toBe(7);
    for (let seq = 3; seq <= 9; seq++) expect(window.accept(seq).verdict).toBe('new');
    expect(window.missing()).toBe(0);
    expect(window.accept(5).verdict).toBe('duplicate');
    expect(window.accept(10).verdict).toBe('duplicate');
    expect(window.highest).toBe(10);
  });

  it('leaves numbers below what it remembers to the database', () => {
    const window = new SeqWindow('boot-1', 100);
    expect(window.accept(50).verdict).toBe('unknown');
    expect(window.accept(101)).toEqual({ verdict: 'new', skipped: 0 });
  });

  it('bounds its memory by forgetting the oldest ranges', () => {
    const window = new SeqWindow('boot-1', null, 4);
    for (const seq of [0, 2, 4, 6, 8, 10]) window.accept(seq);
    expect(window.accept(0).verdict).toBe('unknown');
    expect(window.accept(8).verdict).toBe('duplicate');
    expect(window.accept(9).verdict).toBe('new');
  });
});
