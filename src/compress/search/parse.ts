/**
 * Parses grep / ripgrep / ag output into per-file groups of numbered lines. Three shapes are understood:
 * flat `path:12:text` (matches) with `path-13-text` (context, grep/rg -C) and `--` group separators;
 * rg --heading (path on its own line, then `12:text` / `13-text`, a blank line between files);
 * and flat `path:text` without line numbers (grep -r without -n). Lines that fit none are kept as raw lines.
 */

export type EntryKind = 'match' | 'context' | 'sep';

export interface Entry {
  readonly kind: EntryKind;
  /** The line number exactly as printed (a string, so nothing is ever reformatted); '' without numbers or for `--`. */
  readonly num: string;
  readonly content: string;
}

export interface FileGroup {
  readonly type: 'file';
  readonly path: string;
  readonly entries: Entry[];
  matches: number;
}

export interface RawLine {
  readonly type: 'raw';
  readonly text: string;
}

export type Block = FileGroup | RawLine;

export interface ParsedSearch {
  readonly blocks: Block[];
  /** False for `path:text` output without line numbers. */
  readonly numbered: boolean;
  /** True when the input was already one heading per file (rg --heading): regrouping gains nothing. */
  readonly grouped: boolean;
  readonly matches: number;
  /** Context lines (grep/rg -A/-B/-C) across all files. */
  readonly context: number;
  readonly files: number;
  readonly raw: number;
}

const COLON = 58;
const never = (): boolean => false;
const DASH = 45;
// How far below a line to look for the match line of a file whose leading context lines start a new group.
const LOOKAHEAD = 40;

/** Index just past `digits` + `sep` starting at `start`, or -1. Line numbers have at most 10 digits. */
export function numberEnd(line: string, start: number, sep: number): number {
  let i = start;
  while (i < line.length && i - start <= 10) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === start || i - start > 10 || line.charCodeAt(i) !== sep) return -1;
  return i + 1;
}

/** Index of the ':' that ends the path in `path:12:text` (the first `:digits:`), or -1. */
export function matchPathEnd(line: string): number {
  let i = line.indexOf(':');
  while (i > 0) {
    if (numberEnd(line, i + 1, COLON) >= 0) return i;
    i = line.indexOf(':', i + 1);
  }
  return -1;
}

function startsPath(line: string): boolean {
  const c = line.charCodeAt(0);
  return c !== 32 && c !== 9;
}

class Builder {
  readonly blocks: Block[] = [];
  cur: FileGroup | null = null;
  matches = 0;
  context = 0;
  files = 0;
  raw = 0;

  add(path: string, kind: EntryKind, num: string, content: string): void {
    if (!this.cur || this.cur.path !== path) {
      // A `--` that closed the previous file's last group is implied by the new heading.
      const prev = this.cur;
      if (prev && prev.entries.length > 0 && prev.entries[prev.entries.length - 1]!.kind === 'sep') prev.entries.pop();
      this.cur = { type: 'file', path, entries: [], matches: 0 };
      this.blocks.push(this.cur);
      this.files++;
    }
    this.cur.entries.push({ kind, num, content });
    if (kind === 'match') {
      this.cur.matches++;
      this.matches++;
    } else if (kind === 'context') this.context++;
  }

  sep(): void {
    const cur = this.cur;
    if (cur && cur.entries.length > 0 && cur.entries[cur.entries.length - 1]!.kind !== 'sep') {
      cur.entries.push({ kind: 'sep', num: '', content: '' });
    }
  }

  rawLine(text: string): void {
    this.finishFile();
    this.blocks.push({ type: 'raw', text });
    this.raw++;
  }

  finishFile(): void {
    const cur = this.cur;
    if (cur && cur.entries.length > 0 && cur.entries[cur.entries.length - 1]!.kind === 'sep') cur.entries.pop();
    this.cur = null;
  }

  result(numbered: boolean, grouped: boolean): ParsedSearch {
    this.finishFile();
    const { blocks, matches, context, files, raw } = this;
    return { blocks, numbered, grouped, matches, context, files, raw };
  }
}

/** Flat `path:12:text` / `path-13-text` / `--` output (grep -rn, rg -n, ag, git grep -n). */
export function parseFlat(lines: readonly string[], expired: () => boolean = never): ParsedSearch | null {
  const n = lines.length;
  // Computed lazily: most lines are read against the current path and never need it.
  const cache = new Int32Array(n).fill(-2);
  const pathEnd = (i: number): number => {
    let v = cache[i]!;
    if (v === -2) v = cache[i] = matchPathEnd(lines[i]!);
    return v;
  };
  const b = new Builder();
  let cur = '';
  for (let i = 0; i < n; i++) {
    const line = lines[i]!;
    if ((i & 8191) === 8191 && expired()) return null;
    if (line === '--') {
      b.sep();
      continue;
    }
    if (line === '') continue; // carries nothing; grep never prints one, a wrapper may
    // Lines of one file are contiguous, so the current path is tried first: this keeps `13-text 10:30:00`
    // (context whose text holds `:digits:`) from being read as a match in a file called `13-text 10`.
    if (cur !== '' && line.length > cur.length && line.startsWith(cur)) {
      const sep = line.charCodeAt(cur.length);
      if (sep === COLON || sep === DASH) {
        const end = numberEnd(line, cur.length + 1, sep);
        if (end >= 0) {
          b.add(cur, sep === COLON ? 'match' : 'context', line.slice(cur.length + 1, end - 1), line.slice(end));
          continue;
        }
      }
    }
    // Leading context of a new file: its path is that of a match line a few lines below, in the same group.
    let done = false;
    if (line.indexOf('-') > 0 && startsPath(line)) {
      for (let j = i + 1; j < n && j <= i + LOOKAHEAD; j++) {
        const next = lines[j]!;
        if (next === '--') break;
        const pe = pathEnd(j);
        if (pe <= 0 || pe >= line.length || line.charCodeAt(pe) !== DASH) continue;
        if (!line.startsWith(next.slice(0, pe))) continue;
        const end = numberEnd(line, pe + 1, DASH);
        if (end < 0) continue;
        cur = line.slice(0, pe);
        b.add(cur, 'context', line.slice(pe + 1, end - 1), line.slice(end));
        done = true;
        break;
      }
    }
    if (done) continue;
    const pe = pathEnd(i);
    if (pe > 0 && startsPath(line)) {
      const end = numberEnd(line, pe + 1, COLON);
      cur = line.slice(0, pe);
      b.add(cur, 'match', line.slice(pe + 1, end - 1), line.slice(end));
      continue;
    }
    cur = '';
    b.rawLine(line);
  }
  return b.result(true, false);
}

/** rg --heading (and ag --group): a path line, its `12:text` / `13-text` / `--` lines, a blank line between files. */
export function parseHeading(lines: readonly string[], expired: () => boolean = never): ParsedSearch | null {
  const b = new Builder();
  let path: string | null = null;
  let bodyLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if ((i & 8191) === 8191 && expired()) return null;
    if (line === '') {
      if (path !== null && bodyLines === 0) return null;
      b.finishFile();
      path = null;
      continue;
    }
    if (path === null) {
      if (!startsPath(line)) return null;
      path = line;
      bodyLines = 0;
      continue;
    }
    if (line === '--') {
      b.sep();
      continue;
    }
    let end = numberEnd(line, 0, COLON);
    let kind: EntryKind = 'match';
    if (end < 0) {
      end = numberEnd(line, 0, DASH);
      kind = 'context';
    }
    if (end < 0) return null;
    b.add(path, kind, line.slice(0, end - 1), line.slice(end));
    bodyLines++;
  }
  if (path !== null && bodyLines === 0) return null;
  return b.result(true, true);
}

function plausibleBarePath(path: string): boolean {
  if (path.length === 0 || path.length > 512 || !startsPath(path)) return false;
  if (path.charCodeAt(path.length - 1) === 32) return false;
  return path.includes('/') || path.includes('\\') || /\.[A-Za-z0-9]{1,8}$/.test(path);
}

/** grep -r without -n: `path:text`. Context lines cannot be told apart without numbers, so only matches and `--`. */
export function parseBare(lines: readonly string[], expired: () => boolean = never): ParsedSearch | null {
  const b = new Builder();
  let cur = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if ((i & 8191) === 8191 && expired()) return null;
    if (line === '--') {
      b.sep();
      continue;
    }
    if (line === '') continue;
    let pe = -1;
    if (cur !== '' && line.length > cur.length && line.startsWith(cur) && line.charCodeAt(cur.length) === COLON) {
      pe = cur.length;
    } else {
      pe = line.indexOf(':');
      if (pe > 0 && !plausibleBarePath(line.slice(0, pe))) pe = -1;
    }
    if (pe <= 0) {
      cur = '';
      b.rawLine(line);
      continue;
    }
    cur = line.slice(0, pe);
    b.add(cur, 'match', '', line.slice(pe + 1));
  }
  return b.result(false, false);
}

/** Raw lines are tolerated (e.g. `Binary file x matches`, a `Found 12 matches` preamble) but must be rare. */
function acceptable(p: ParsedSearch | null, total: number): p is ParsedSearch {
  return p !== null && p.matches > 0 && p.raw <= Math.max(2, total * 0.05);
}

/** Best reading of `lines` as search results, or null when it is not search output (or time ran out). */
export function parseSearch(lines: readonly string[], expired: () => boolean = never): ParsedSearch | null {
  let first = 0;
  while (first < lines.length && lines[first] === '') first++;
  const head = lines[first];
  const second = lines[first + 1];
  if (head === undefined) return null;
  const total = lines.length;
  if (matchPathEnd(head) < 0 && second !== undefined && (numberEnd(second, 0, COLON) > 0 || numberEnd(second, 0, DASH) > 0)) {
    const h = parseHeading(first === 0 ? lines : lines.slice(first), expired);
    if (acceptable(h, total)) return h;
  }
  const flat = parseFlat(lines, expired);
  if (acceptable(flat, total)) return flat;
  if (expired()) return null;
  const bare = parseBare(lines, expired);
  // Without numbers a line starting with digits and ':' or '-' would read as a numbered line once regrouped.
  if (acceptable(bare, total) && !bare.blocks.some((b) => b.type === 'file' && b.entries.some(isNumberLike))) return bare;
  return null;
}

function isNumberLike(e: Entry): boolean {
  return e.kind === 'match' && (numberEnd(e.content, 0, COLON) > 0 || numberEnd(e.content, 0, DASH) > 0);
}
