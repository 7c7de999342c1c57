/** Shell-command helpers for `headroom learn`: split a command line into words, and name why a call failed. */

/**
 * Splits a command line into words the way a POSIX shell would for simple commands: quotes group, backslash escapes.
 * Operators (`&&`, `|`, `;`) stay words of their own, which is all the comparison of two commands needs.
 */
export function words(command: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) cur += command[++i];
      else cur += c;
      continue;
    }
    if (c === '"' || c === "'") { quote = c; has = true; continue; }
    if (c === '\\' && i + 1 < command.length) { cur += command[++i]; has = true; continue; }
    if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
      continue;
    }
    cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

/** Quotes a word back for display when it needs it. */
export function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export const isFlag = (w: string): boolean => /^--?[A-Za-z]/.test(w);

/** A word that names a file or directory: has a slash, or a name with an extension. */
export const isPathLike = (w: string): boolean => !isFlag(w) && (w.includes('/') || /^[\w.-]+\.[A-Za-z0-9]{1,8}$/.test(w));

/** The reason a call failed, in a few stable words (the raw output may hold secrets and changes run to run). */
const REASONS: [RegExp, string][] = [
  [/command not found|: not found\s*$|is not recognized as an internal or external command|executable file not found/im, 'not found on PATH'],
  [/ModuleNotFoundError|No module named|Cannot find module|ERR_MODULE_NOT_FOUND/, 'module not found'],
  [/unknown (?:option|flag|argument|command)|unrecognized (?:option|argument|arguments)|invalid option|illegal option|unexpected argument/i, 'unknown option'],
  [/No such file or directory|does not exist|ENOENT|cannot find the path|can't open file|not a directory/i, 'no such file'],
  [/permission denied|EACCES|Operation not permitted/i, 'permission denied'],
];

export function reasonOf(error: string | undefined, exitCode: number | undefined): string {
  const text = error ?? '';
  for (const [re, reason] of REASONS) if (re.test(text)) return reason;
  return exitCode !== undefined && exitCode !== 0 ? `exit ${exitCode}` : 'failed';
}
