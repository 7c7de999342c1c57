/**
 * Reads delimited tables (CSV, TSV, semicolon-separated; RFC 4180 quoting, fields may span lines) and markdown pipe
 * tables. Every row remembers its exact source text, so kept rows are written back byte-for-byte.
 */

export interface ParsedTable {
  readonly format: 'delimited' | 'markdown';
  readonly delimiter: string;
  /** Lines before and after the table (a caption, a trailing note), kept verbatim. */
  readonly before: string;
  readonly after: string;
  readonly header: TableRow;
  /** Markdown only: the `|---|:--:|` line. */
  readonly separator?: string;
  readonly rows: TableRow[];
}

export interface TableRow {
  /** Source text of the row, without its line ending. */
  readonly raw: string;
  /** Cell texts (quotes resolved for delimited files, trimmed for markdown). */
  readonly cells: string[];
}

const MD_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$/;
const DELIMITERS = [',', '\t', ';'];

export function parseTable(text: string): ParsedTable | null {
  return parseMarkdown(text) ?? parseDelimited(text);
}

/** The first markdown table in the text (header line, separator line, body lines containing a pipe). */
export function parseMarkdown(text: string): ParsedTable | null {
  const lines = text.split('\n');
  let sep = -1;
  for (let i = 1; i < lines.length && i < 200; i++) {
    if (MD_SEPARATOR.test(lines[i]!) && (lines[i - 1] ?? '').includes('|')) {
      sep = i;
      break;
    }
  }
  if (sep < 0) return null;
  let end = sep + 1;
  while (end < lines.length && lines[end]!.includes('|') && lines[end]!.trim() !== '') end++;
  const row = (raw: string): TableRow => ({ raw, cells: splitPipes(raw) });
  return {
    format: 'markdown',
    delimiter: '|',
    before: lines.slice(0, sep - 1).join('\n'),
    after: lines.slice(end).join('\n'),
    header: row(lines[sep - 1]!),
    separator: lines[sep]!,
    rows: lines.slice(sep + 1, end).map(row),
  };
}

/** Cells of a pipe row: outer pipes optional, `\|` is a literal pipe. */
export function splitPipes(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '|') {
      cells.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  cells.push(s.slice(start).trim());
  return cells;
}

/** The delimiter whose count is the same on most of the first lines (quotes respected), or null. */
export function sniffDelimiter(lines: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const same = counts.filter((c) => c === first).length;
    if (same < lines.length * 0.7) continue;
    const score = same * first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** RFC 4180 records; null when the text has fewer than two records or no consistent delimiter. */
export function parseDelimited(text: string): ParsedTable | null {
  const sample = text.slice(0, 8192).split('\n').slice(0, 20).filter((l) => l.trim() !== '');
  if (sample.length > 1 && sample.length === 20) sample.pop(); // the last sampled line may be cut off
  if (sample.length < 2) return null;
  const d = sniffDelimiter(sample);
  if (d === null) return null;
  const records: TableRow[] = [];
  const n = text.length;
  const dc = d.charCodeAt(0);
  let i = 0;
  while (i < n) {
    const start = i;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text.charCodeAt(i) === 34) {
        // Quoted field: "" is a literal quote; delimiters and newlines inside are data.
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) return null;
          cell += text.slice(i, q);
          if (text.charCodeAt(q + 1) === 34) {
            cell += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === dc || c === 10) break;
      }
      // Most cells are unquoted: one slice, no concatenation.
      cell = cell === '' ? text.slice(i, j) : cell + text.slice(i, j);
      i = j;
      cells.push(cell.endsWith('\r') && text.charCodeAt(i) !== dc ? cell.slice(0, -1) : cell);
      if (i >= n || text.charCodeAt(i) === 10) break;
      i++; // delimiter
    }
    let end = i;
    if (text.charCodeAt(end - 1) === 13) end--;
    if (!(cells.length === 1 && cells[0] === '')) records.push({ raw: text.slice(start, end), cells });
    i++; // newline
  }
  const header = records[0];
  if (!header || records.length < 2) return null;
  return { format: 'delimited', delimiter: d, before: '', after: '', header, rows: records.slice(1) };
}
