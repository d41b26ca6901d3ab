import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces a small state file so that a crash at any moment leaves either the old or the new
 * content, never a torn mix: write a temp file beside it, flush it, then rename over the target.
 */
export function writeFileAtomic(file: string, content: string, options: { fsync?: boolean } = {}): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, content);
    if (options.fsync ?? true) fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
}

/** Reads a small JSON state file; `undefined` when it does not exist yet. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

export function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
}
