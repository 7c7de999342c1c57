/**
 * Reads whitespace-aligned command output into rows of cells: `ls -l`/`ls -laR` and `du` by their known line shapes,
 * and tables with a known header row (ps, top, kubectl, docker, df, netstat/ss, npm outdated, pip list) by their
 * column gaps. Lines that are not rows (`dir:` headers, `total N`, blank lines, error messages, top's summary) are
 * remembered so they can be written back verbatim.
 */
import { DASH_RULE, DU_COLUMNS, DU_ROW, headerKind, LS_COLUMNS, LS_ROW, LS_TOTAL, MULTI_WORD_NAMES } from './columnar-shapes.ts';

export interface ListingRow {
  /** Index of the source line. */
  readonly line: number;
  /** One cell per column (`undefined` when the row lacks it, e.g. `ls -o` has no group); the last is the rest of the line. */
  readonly cells: readonly (string | undefined)[];
  /** The `dir:` section of `ls -R` the row belongs to ('' elsewhere). */
  readonly dir: string;
}

export interface Listing {
  readonly shape: 'ls' | 'du' | 'header';
  /** Source lines without their line endings (a trailing `\r` is kept in `lines`, stripped from cells). */
  readonly lines: readonly string[];
  readonly columns: readonly string[];
  readonly rows: readonly ListingRow[];
  /** Line index of the header row, -1 when the shape has none. */
  readonly headerLine: number;
  /** Line index of pip's dashed rule under the header, -1 when absent. */
  readonly ruleLine: number;
  /** Line index → row index, -1 for lines that are not rows. */
  readonly rowOfLine: Int32Array;
}

const HEADER_SEARCH_LINES = 12;
// Column gaps are computed over this many leading characters; everything past belongs to the last column.
const GAP_SCAN_CHARS = 512;

const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);

export function parseColumnar(text: string): Listing | null {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return parseHeader(lines) ?? parseLs(lines) ?? parseDu(lines);
}

function parseLs(lines: string[]): Listing | null {
  const rowOfLine = new Int32Array(lines.length).fill(-1);
  const rows: ListingRow[] = [];
  let dir = '';
  let others = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = strip(lines[i]!);
    const m = LS_ROW.exec(l);
    if (m) {
      rowOfLine[i] = rows.length;
      // The date keeps ls's own spacing only as single spaces: `Nov  5` is padding, not data.
      rows.push({ line: i, cells: [m[1], m[2], m[3], m[4], m[5], m[6]!.replace(/ +/g, ' '), m[7], m[8]], dir });
    } else if (l.endsWith(':') && (i === 0 || strip(lines[i - 1]!) === '')) dir = l.slice(0, -1);
    else if (l !== '' && !LS_TOTAL.test(l)) others++;
  }
  if (rows.length < 2 || others > rows.length / 2) return null;
  return { shape: 'ls', lines, columns: LS_COLUMNS, rows, headerLine: -1, ruleLine: -1, rowOfLine };
}

function parseDu(lines: string[]): Listing | null {
  const rowOfLine = new Int32Array(lines.length).fill(-1);
  const rows: ListingRow[] = [];
  let others = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = strip(lines[i]!);
    const m = DU_ROW.exec(l);
    if (m) {
      rowOfLine[i] = rows.length;
      rows.push({ line: i, cells: [m[1], m[2]], dir: '' });
    } else if (l !== '') others++;
  }
  if (rows.length < 3 || others > rows.length / 10) return null;
  return { shape: 'du', lines, columns: DU_COLUMNS, rows, headerLine: -1, ruleLine: -1, rowOfLine };
}

interface Span {
  start: number;
  end: number;
}

/** A known header within the first lines; the table runs to the first blank line (the rest is kept verbatim). */
function parseHeader(lines: string[]): Listing | null {
  let h = -1;
  let kind: 'tokens' | 'gaps' | null = null;
  for (let i = 0; i < lines.length && i < HEADER_SEARCH_LINES && kind === null; i++) {
    kind = headerKind(strip(lines[i]!));
    h = i;
  }
  if (kind === null) return null;
  const header = strip(lines[h]!);
  let first = h + 1;
  let ruleLine = -1;
  if (first < lines.length && DASH_RULE.test(strip(lines[first]!))) ruleLine = first++;
  else if (/^Package +Version\b/.test(header)) return null; // pip list always prints the rule
  let end = first;
  while (end < lines.length && strip(lines[end]!).trim() !== '') end++;
  if (end - first < 2) return null;
  if (kind === 'tokens') return tokenTable(lines, h, ruleLine, first, end);

  const spans = columnSpans(lines, h, first, end);
  const rowOfLine = new Int32Array(lines.length).fill(-1);
  const rows: ListingRow[] = [];
  for (let i = first; i < end; i++) {
    rowOfLine[i] = rows.length;
    rows.push({ line: i, cells: cut(strip(lines[i]!), spans), dir: '' });
  }
  const columns = spans.map((s) => header.slice(s.start, s.end).trim().replace(/ {2,}/g, ' '));
  // A column no row fills is part of the previous column's name (`Mounted on`); fold it in.
  for (let c = columns.length - 1; c > 0; c--) {
    if (rows.every((r) => !r.cells[c])) {
      columns[c - 1] = `${columns[c - 1]} ${columns[c]}`.trim();
      columns.splice(c, 1);
      spans[c - 1]!.end = spans[c]!.end;
      spans.splice(c, 1);
      for (let r = 0; r < rows.length; r++) rows[r] = { ...rows[r]!, cells: cut(strip(lines[rows[r]!.line]!), spans) };
    }
  }
  splitOverflow(spans.map((s) => header.slice(s.start, s.end === Infinity ? undefined : s.end)), columns, rows);
  return { shape: 'header', lines, columns, rows, headerLine: h, ruleLine, rowOfLine };
}

/** Rows split into single-word cells plus the rest of the line; a line with too few words stays a verbatim line. */
function tokenTable(lines: string[], h: number, ruleLine: number, first: number, end: number): Listing | null {
  const columns = strip(lines[h]!).trim().replace(MULTI_WORD_NAMES, (m) => m.replace(' ', '\u0000')).split(/ +/).map((c) => c.replace('\u0000', ' '));
  const k = columns.length;
  const rowOfLine = new Int32Array(lines.length).fill(-1);
  const rows: ListingRow[] = [];
  for (let i = first; i < end; i++) {
    const l = strip(lines[i]!);
    const cells: string[] = [];
    // A hand-rolled word scan: this loop runs over every character of a 10 MB ps listing.
    let p = 0;
    const n = l.length;
    while (cells.length < k - 1) {
      while (p < n && l.charCodeAt(p) <= 32) p++;
      const start = p;
      while (p < n && l.charCodeAt(p) > 32) p++;
      if (p === start) break;
      cells.push(l.slice(start, p));
    }
    const rest = l.slice(p).trim();
    if (cells.length < k - 1 || rest === '') continue;
    cells.push(rest);
    rowOfLine[i] = rows.length;
    rows.push({ line: i, cells, dir: '' });
  }
  if (rows.length < 2 || rows.length < (end - first) / 2) return null;
  return { shape: 'header', lines, columns, rows, headerLine: h, ruleLine, rowOfLine };
}

/**
 * A value wider than its column (ps's VSZ of a big process) closes the gap to its neighbour, merging two columns.
 * When the merged header has 2+-space-separated names and every row has exactly that many words there, split back.
 */
function splitOverflow(headerSlices: readonly string[], columns: string[], rows: ListingRow[]) {
  for (let c = columns.length - 2; c >= 0; c--) {
    const slice = headerSlices[c]!.trim();
    if (!/ {2}/.test(slice)) continue;
    const names = slice.split(/ {2,}/);
    const k = names.length;
    const split = rows.map((r) => (r.cells[c] ?? '').split(/ +/));
    if (!split.every((w) => w.length === k)) continue;
    columns.splice(c, 1, ...names);
    for (let r = 0; r < rows.length; r++) {
      const cells = [...rows[r]!.cells];
      cells.splice(c, 1, ...split[r]!);
      rows[r] = { ...rows[r]!, cells };
    }
  }
}

/**
 * Columns are runs of character positions where some line (header or row) has a non-space; a position that is a
 * space in every line separates columns, so no cell is ever cut through. Runs without header text belong to the
 * column on their left (ps's COMMAND arguments); the last column takes the rest of each line.
 */
function columnSpans(lines: readonly string[], h: number, first: number, end: number): Span[] {
  const used = new Uint8Array(GAP_SCAN_CHARS);
  const mark = (l: string) => {
    const n = Math.min(l.length, GAP_SCAN_CHARS);
    for (let p = 0; p < n; p++) {
      const c = l.charCodeAt(p);
      if (c !== 32 && c !== 9 && c !== 13) used[p] = 1;
    }
  };
  mark(lines[h]!);
  for (let i = first; i < end; i++) mark(lines[i]!);
  const header = strip(lines[h]!);
  const spans: Span[] = [];
  let p = 0;
  while (p < GAP_SCAN_CHARS) {
    while (p < GAP_SCAN_CHARS && !used[p]) p++;
    if (p >= GAP_SCAN_CHARS) break;
    const start = p;
    while (p < GAP_SCAN_CHARS && used[p]) p++;
    const named = header.slice(start, p).trim() !== '';
    const prev = spans[spans.length - 1];
    if (!named && prev) prev.end = p;
    else spans.push({ start, end: p });
  }
  // Leading unnamed runs (rare) were pushed as their own span; the last span always runs to the end of the line.
  const last = spans[spans.length - 1];
  if (last) last.end = Infinity;
  return spans;
}

function cut(l: string, spans: readonly Span[]): (string | undefined)[] {
  const cells: (string | undefined)[] = [];
  for (let k = 0; k < spans.length; k++) {
    const s = spans[k]!;
    const cell = l.slice(s.start, s.end === Infinity ? undefined : s.end).trim();
    cells.push(cell);
  }
  return cells;
}
