import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Every process below `pid` (children, their children, …) at this moment, from `ps`. */
export function descendantPids(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Gone, or a zombie waiting to be reaped (it runs nothing any more). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** `ps` lines of the given processes that still run, for failure messages. */
export function describeRunning(pids: number[]): string {
  const alive = pids.filter((pid) => !processGone(pid));
  if (alive.length === 0) return '';
  return execFileSync('ps', ['-o', 'pid,ppid,args', '-p', alive.join(',')], { encoding: 'utf8' });
}
