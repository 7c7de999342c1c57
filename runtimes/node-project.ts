/** Which project a command runs in: the git root above a directory (memory notes are keyed by it). */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The nearest directory at or above `dir` holding `.git` (a directory, or a file in worktrees and submodules);
 * `dir` itself when there is none, so notes still group by where the agent was started. Symlinks are resolved so
 * the same checkout gets the same key whichever way it was reached.
 */
export function projectRoot(dir: string = process.cwd()): string {
  let start: string;
  try {
    start = realpathSync(resolve(dir));
  } catch {
    start = resolve(dir);
  }
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return start;
  }
}
