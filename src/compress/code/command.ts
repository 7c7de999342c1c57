/**
 * What a shell command that prints a file tells us: which file (`cat src/a.py`, `sed -n '120,184p' a.go`,
 * `head -n 80 lib.rs`) and from which line its output starts (so placeholders cite the file's own line numbers).
 */
import { languageOfPath } from './languages.ts';

/** Commands whose output is (part of) a file's text. */
const PRINTERS = /^(?:cat|bat|batcat|nl|head|tail|sed|less|more|awk|git\s+show)$/;

function words(command: string): string[] {
  // Only the first command of a pipeline or list prints the file we care about.
  const first = command.split(/\s*(?:\||&&|;|\|\|)\s*/, 1)[0] ?? '';
  return first.trim().split(/\s+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
}

/** The printing command's name (`sed`, `cat`…), or undefined when the command does not print a file. */
export function printer(command: string | undefined): string | undefined {
  if (!command) return undefined;
  const w = words(command);
  let i = 0;
  while (i < w.length && (w[i] === 'sudo' || w[i] === 'command' || /^\w+=/.test(w[i]!))) i++;
  const name = w[i] === 'git' && w[i + 1] === 'show' ? 'git show' : w[i];
  return name && PRINTERS.test(name) ? name : undefined;
}

/** The last argument that names a source file, e.g. `sed -n '1,80p' src/app.ts` → `src/app.ts`. */
export function pathFromCommand(command: string | undefined): string | undefined {
  if (!command || !printer(command)) return undefined;
  const w = words(command);
  for (let i = w.length - 1; i > 0; i--) {
    const arg = w[i]!;
    // `git show HEAD:src/a.py` names the file after the colon.
    const path = arg.includes(':') && !arg.startsWith('/') ? arg.slice(arg.lastIndexOf(':') + 1) : arg;
    if (!path.startsWith('-') && languageOfPath(path)) return path;
  }
  return undefined;
}

/**
 * Line number of the first output line: `sed -n 'A,Bp'` → A; whole-file printers and `head` → 1; `tail` and
 * anything else → undefined (unknown).
 */
export function excerptStart(command: string | undefined): number | undefined {
  const p = printer(command);
  if (!p) return undefined;
  if (p === 'sed') {
    const m = /-n\s+['"]?(\d+)(?:,\d+)?p/.exec(command!);
    return m ? Number(m[1]) : undefined;
  }
  if (p === 'tail' || p === 'awk') return undefined;
  return 1;
}
