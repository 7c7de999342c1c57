/**
 * Plain path lists (grep -l, rg --files / -l, find, an agent's Glob tool): consecutive paths in one directory are
 * written once under a `dir/` heading with indented names. Only consecutive runs are grouped, so the order of the
 * list is kept exactly; a path list too long for the budget keeps a spread of each directory plus counts.
 */
import { elision, formatCount, plural } from '../../ccr/marker.ts';
import type { Query } from '../relevance/query.ts';
import { type SelectGroup, selectItems } from './select.ts';

export interface PathList {
  /** A first line such as "Found 120 files" (Claude Code's Glob/Grep), kept verbatim. */
  readonly preamble: string | null;
  readonly paths: string[];
}

interface Run {
  readonly dir: string;
  readonly names: string[];
}

export function looksLikePath(line: string): boolean {
  if (line.length === 0 || line.length > 1024) return false;
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9 || c === 91 /* [ */) return false;
  if (line.includes('\t') || line.includes(': ')) return false;
  return line.includes('/') || line.includes('\\') || /^[^\s]+\.[A-Za-z0-9]{1,8}$/.test(line);
}

export function parsePathList(lines: readonly string[]): PathList | null {
  let start = 0;
  let preamble: string | null = null;
  if (lines.length > 0 && /^(?:Found \d+ files?|\d+ files?)\b/.test(lines[0]!)) {
    preamble = lines[0]!;
    start = 1;
  }
  const paths: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (!looksLikePath(line)) return null;
    paths.push(line);
  }
  return paths.length >= 4 ? { preamble, paths } : null;
}

function runsOf(paths: readonly string[]): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (const p of paths) {
    const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    const dir = p.slice(0, slash + 1);
    const name = p.slice(slash + 1);
    if (name === '' || dir === '') {
      // A directory entry (`src/`) or a bare name stays a whole line of its own.
      cur = null;
      runs.push({ dir: '', names: [p] });
    } else if (cur && cur.dir === dir) cur.names.push(name);
    else {
      cur = { dir, names: [name] };
      runs.push(cur);
    }
  }
  return runs;
}

function pushRun(out: string[], run: Run, names: readonly string[], note: string | null): void {
  if (run.dir === '' || (run.names.length === 1 && note === null)) {
    for (const n of names) out.push(run.dir + n);
    return;
  }
  out.push(run.dir);
  for (const n of names) out.push(`  ${n}`);
  if (note) out.push(`  ${note}`);
}

export function renderPathsLossless(list: PathList): string {
  const out: string[] = list.preamble === null ? [] : [list.preamble];
  for (const run of runsOf(list.paths)) pushRun(out, run, run.names, null);
  return out.join('\n');
}

export function renderPathsSelected(
  list: PathList,
  query: Query,
  budget: number,
): { text: string; kept: number; keptDirs: number; dirs: number } {
  const runs = runsOf(list.paths);
  const groups: SelectGroup[] = runs.map((r) => ({ label: r.dir, items: r.names }));
  const picks = selectItems(groups, query, budget);
  const out: string[] = list.preamble === null ? [] : [list.preamble];
  let kept = 0;
  let keptDirs = 0;
  let skippedRuns = 0;
  let skippedPaths = 0;
  const flush = (): void => {
    if (skippedRuns === 0) return;
    out.push(elision(`${plural(skippedPaths, 'more path')} under ${plural(skippedRuns, 'more directory', 'more directories')}`));
    skippedRuns = 0;
    skippedPaths = 0;
  };
  for (let r = 0; r < runs.length; r++) {
    const run = runs[r]!;
    const pick = picks[r]!;
    const names: string[] = [];
    for (let i = 0; i < run.names.length; i++) if (pick[i] === 1) names.push(run.names[i]!);
    if (names.length === 0) {
      skippedRuns++;
      skippedPaths += run.names.length;
      continue;
    }
    flush();
    kept += names.length;
    keptDirs++;
    const hidden = run.names.length - names.length;
    pushRun(out, run, names, hidden > 0 ? elision(`${formatCount(hidden)} more in this directory`) : null);
  }
  flush();
  return { text: out.join('\n'), kept, keptDirs, dirs: runs.length };
}
