import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SequenceStore } from './sequence.store';

describe(SequenceStore.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seq-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts at 1 and only grows', () => {
    const store = SequenceStore.open(dir);
    expect(store.current).toBe(0);
    expect([store.next(), store.next(), store.next()]).toEqual([1, 2, 3]);
    expect(store.current).toBe(3);
  });

  it('continues after a restart and keeps its bootId', () => {
    const first = SequenceStore.open(dir);
    first.next();
    first.next();
    // A "crash": the object is dropped without any close.
    const second = SequenceStore.open(dir);
    expect(second.bootId).toBe(first.bootId);
    expect(second.next()).toBe(3);
    const third = SequenceStore.open(dir);
    expect(third.current).toBe(3);
    expect(third.next()).toBe(4);
  });

  it('creates the directory and a new bootId for a new disk', () => {
    const nested = path.join(dir, 'a', 'b');
    const store = SequenceStore.open(nested);
    expect(store.bootId).toMatch(/^[0-9a-f-]{36}$/);
    const other = SequenceStore.open(path.join(dir, 'other'));
    expect(other.bootId).not.toBe(store.bootId);
  });

  it('leaves no temp files behind', () => {
    const store = SequenceStore.open(dir);
    for (let i = 0; i < 20; i++) store.next();
    expect(fs.readdirSync(dir).sort()).toEqual(['boot-id.json', 'seq.json']);
  });

  it('refuses a corrupt counter rather than restarting it', () => {
    fs.writeFileSync(path.join(dir, 'seq.json'), JSON.stringify({ seq: 'x' }));
    expect(() => SequenceStore.open(dir)).toThrow(/no valid seq/);
  });
});
