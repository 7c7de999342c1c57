/**
 * What a failed call and the call that succeeded instead differ by: a different program (`python` → `python3`), an
 * added or dropped flag, another path or directory, or (last resort) another command line. Pure and deterministic.
 */
import { isFlag, isPathLike, words } from './shell.ts';
import type { Pattern, ToolCall } from './types.ts';

const OPERATORS = new Set(['&&', '||', ';', '|']);

/** Path relative to the session's working directory when inside it, so rules hold on any machine. */
export function relativePath(path: string, cwd: string | undefined): string {
  if (!cwd) return path;
  const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function pathPattern(wrong: string, right: string, cwd: string | undefined): Pattern | null {
  const a = relativePath(wrong, cwd).replace(/(.)\/+$/, '$1');
  const b = relativePath(right, cwd).replace(/(.)\/+$/, '$1');
  if (a === b) return null;
  const [da, db] = [dirOf(a), dirOf(b)];
  // Two extensionless paths are most likely directories (`ls src/utils` → `ls src/lib`): the same lesson as a file
  // found in another directory, so they share its key.
  const isDir = (x: string) => !/\.[A-Za-z0-9]{1,8}$/.test(baseOf(x));
  if (isDir(a) && isDir(b)) return { kind: 'dir', key: `dir:${a}→${b}`, wrong: `${a}/`, right: `${b}/` };
  if (baseOf(a) === baseOf(b) && da !== db) {
    return { kind: 'dir', key: `dir:${da}→${db}`, wrong: `${da}/`, right: `${db}/`, context: baseOf(a) };
  }
  return { kind: 'path', key: `path:${a}→${b}`, wrong: a, right: b };
}

/** The command a flag belongs to: the program and its subcommand (`npm install`, `git commit`). */
function headOf(tokens: string[], from: number): string {
  const head = [tokens[from]!];
  const next = tokens[from + 1];
  if (next !== undefined && !isFlag(next) && !isPathLike(next) && !OPERATORS.has(next) && /^[a-z][\w:-]*$/.test(next)) head.push(next);
  return head.join(' ');
}

const similarProgram = (a: string, b: string) => a.length > 1 && b.length > 1 && (a.startsWith(b) || b.startsWith(a));

export function shellPattern(failed: string, fixed: string, cwd: string | undefined): Pattern | null {
  const ta = words(failed);
  const tb = words(fixed);
  let p = 0;
  while (p < ta.length && p < tb.length && ta[p] === tb[p]) p++;
  if (p === ta.length && p === tb.length) return null;
  let s = 0;
  while (s < ta.length - p && s < tb.length - p && ta[ta.length - 1 - s] === tb[tb.length - 1 - s]) s++;
  const a = ta.slice(p, ta.length - s);
  const b = tb.slice(p, tb.length - s);
  // Start of the simple command the change sits in (after `cd dir &&` and the like).
  let seg = p;
  while (seg > 0 && !OPERATORS.has(ta[seg - 1]!)) seg--;

  if (a.length === 1 && b.length === 1 && isPathLike(a[0]!) && isPathLike(b[0]!)) return pathPattern(a[0]!, b[0]!, cwd);
  if (p > seg && a.length === 0 && isFlag(b[0]!)) {
    const context = headOf(ta, seg);
    return { kind: 'flag', key: `flag:${context}:${b.join(' ')}`, wrong: context, right: b.join(' '), context };
  }
  if (p > seg && b.length === 0 && isFlag(a[0]!)) {
    const context = headOf(ta, seg);
    return { kind: 'no-flag', key: `no-flag:${context}:${a.join(' ')}`, wrong: a.join(' '), right: context, context };
  }
  if (p === seg) {
    // The program itself changed. An insertion (`pytest` → `python -m pytest`) is shown with the word it wraps.
    const wrong = a.length ? a : ta.slice(p, p + 1);
    const right = a.length ? b : tb.slice(p, p + b.length + 1);
    const plain = [...wrong, ...right].every((w) => !isPathLike(w) && !OPERATORS.has(w));
    const related = s > 0 || similarProgram(wrong[0] ?? '', right[0] ?? '');
    if (wrong.length >= 1 && wrong.length <= 2 && right.length >= 1 && right.length <= 4 && plain && related && !isFlag(right[0]!)) {
      return { kind: 'program', key: `program:${wrong.join(' ')}→${right.join(' ')}`, wrong: wrong.join(' '), right: right.join(' ') };
    }
  }
  // Same program, some other change: only worth a rule when it repeats (the cluster step asks for two).
  if (p > seg && a.length + b.length <= 6 && failed.length <= 120 && fixed.length <= 120) {
    return { kind: 'command', key: `command:${failed}→${fixed}`, wrong: failed, right: fixed };
  }
  return null;
}

export function classify(failed: ToolCall, fixed: ToolCall, reason: string, cwd: string | undefined): Pattern | null {
  if (failed.family !== fixed.family) return null;
  const pattern = failed.family === 'file' ? pathPattern(failed.input, fixed.input, cwd) : shellPattern(failed.input, fixed.input, cwd);
  // Another path is a lesson only when the first one was not there; an Edit that failed to match is not about paths.
  if (pattern && (pattern.kind === 'path' || pattern.kind === 'dir') && reason !== 'no such file') return null;
  return pattern;
}
