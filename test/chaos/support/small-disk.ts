import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A small tmpfs mounted for one case (needs root, or CAP_SYS_ADMIN): the central server's SQLite
 * file lives on it, and `fill()` takes every free byte until `release()` gives them back.
 * `mount()` returns undefined, with the reason on stderr, where mounting is impossible.
 */
export class SmallDisk {
  private filler?: string;

  private constructor(readonly dir: string) {}

  static mount(dir: string, sizeMb: number): SmallDisk | undefined {
    fs.mkdirSync(dir, { recursive: true });
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { encoding: 'utf8' });
    if (result.status === 0) return new SmallDisk(dir);
    process.stderr.write(`chaos full disk: cannot mount a tmpfs at ${dir} (${(result.stderr || result.error?.message || '').trim()}): case skipped (run as root)\n`);
    return undefined;
  }

  /** Writes a filler file until the disk says ENOSPC; returns the bytes taken. */
  fill(): number {
    this.filler = path.join(this.dir, 'filler');
    const fd = fs.openSync(this.filler, 'w');
    let taken = 0;
    try {
      for (const size of [1 << 20, 1 << 12, 1]) {
        const chunk = Buffer.alloc(size);
        for (;;) {
          try {
            taken += fs.writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw error;
          }
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    return taken;
  }

  release(): void {
    if (this.filler) fs.rmSync(this.filler, { force: true });
    this.filler = undefined;
  }

  unmount(): void {
    spawnSync('umount', ['-l', this.dir]);
  }
}
